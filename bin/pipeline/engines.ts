import type { Engine, EngineName } from '../../stacks/engine.ts';
import { ENGINE_NAMES } from '../../stacks/engine.ts';
import { CliError } from '../cli-error.ts';

/**
 * The engines, loaded only when used: aws-cdk-lib and cdktf each cost a second or more to import,
 * which a `sandbox validate` or a no-change `sandbox up` should never pay.
 */
const LOADERS: Readonly<Record<EngineName, () => Promise<Engine>>> = {
  aws: async () => (await import('../../stacks/aws/index.ts')).synthesizeAws,
  terraform: async () => (await import('../../stacks/terraform/index.ts')).synthesizeTerraform,
  kubernetes: async () => (await import('../../stacks/kubernetes/index.ts')).synthesizeKubernetes,
};

export function parseEngineOption(value: string): EngineName[] {
  if (value === 'all') return [...ENGINE_NAMES];
  const names = value.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(ENGINE_NAMES as readonly string[]).includes(name)) {
      throw new CliError(`--engine: "${name}" is not an engine; use one of ${ENGINE_NAMES.join(', ')} or all`);
    }
  }
  return names as EngineName[];
}

export async function loadEngine(name: EngineName): Promise<Engine> {
  return LOADERS[name]();
}
