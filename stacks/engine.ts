import type { Tenant } from '../tenancy/index.ts';

/**
 * What every engine is: a pure function of the Tenant to files. Same Tenant in, same bytes out;
 * the CLI decides where the files go and writes them atomically.
 */
export const ENGINE_NAMES = ['aws', 'terraform', 'kubernetes'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface Artifact {
  /** POSIX path relative to the tenant's build directory, e.g. `aws/Sandbox-x.template.json`. */
  readonly path: string;
  readonly content: string;
}

export interface EngineOutput {
  readonly engine: EngineName;
  readonly artifacts: readonly Artifact[];
  /** Deployable resources in the output (CloudFormation resources, Terraform resources, Kubernetes objects). */
  readonly resources: number;
}

export type Engine = (tenant: Tenant) => Promise<EngineOutput>;

/**
 * What a deploy tool keeps beside an engine's output, which a re-synthesis must leave in place:
 * Terraform run in `build/<id>/terraform` keeps its providers, lock file, backend and local state
 * there, and losing the state would make the next apply re-create (or orphan) the whole tenant.
 */
const WORKING_FILES: Readonly<Partial<Record<EngineName, RegExp>>> = {
  terraform: /^(\.terraform|\.terraform\.lock\.hcl|terraform\.tfstate(\.backup|\.d)?|backend\.tf|.*\.tfvars(\.json)?|.*_override\.tf(\.json)?)$/,
};

export function isWorkingFile(engine: EngineName, name: string): boolean {
  return WORKING_FILES[engine]?.test(name) ?? false;
}
