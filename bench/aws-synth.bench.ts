import { createAwsEngine, synthesizeAwsTenants, type AwsEngineOptions } from '../stacks/aws/index.ts';
import type { Tenant } from '../tenancy/index.ts';
import { cpuSeconds } from './support/cli-timing.ts';
import { generatedTenants } from './support/generated-plans.ts';

/**
 * Marginal seconds per tenant of the AWS engine (goal ≤ 0.25 s): 50 plans generated from the
 * examples (own ids, EU regions spread), synthesized after one, in this process, with and without
 * the cdk-nag packs, one App per tenant (the Engine contract `sandbox synth` calls) and one App per
 * batch (`synthesizeAwsTenants`). Marginal = (T(50) − T(1)) / 49, so start-up and JIT warm-up
 * cancel out.
 */
const COUNT = 50;
const GOAL_SECONDS = 0.25;

async function seconds(work: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = cpuSeconds();
  await work();
  return { wall: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpu };
}

interface Figure {
  readonly mode: string;
  readonly nag: boolean;
  readonly one: number;
  readonly fifty: number;
  readonly marginal: number;
  /** CPU seconds per tenant at the margin: the wall figure on an idle core. */
  readonly marginalCpu: number;
}

async function measure(mode: 'one App per tenant' | 'one App per batch', options: AwsEngineOptions, tenants: readonly Tenant[]): Promise<Figure> {
  const run = (batch: readonly Tenant[]) =>
    mode === 'one App per batch'
      ? synthesizeAwsTenants(batch, options)
      : (async () => {
          const engine = createAwsEngine(options);
          for (const tenant of batch) await engine(tenant);
        })();
  await run(tenants.slice(0, 1)); // warm-up: module loading and JIT, not counted
  const one = await seconds(() => run(tenants.slice(0, 1)));
  const fifty = await seconds(() => run(tenants));
  const n = tenants.length - 1;
  return { mode, nag: options.complianceChecks, one: one.wall, fifty: fifty.wall, marginal: (fifty.wall - one.wall) / n, marginalCpu: (fifty.cpu - one.cpu) / n };
}

export async function run(): Promise<void> {
  const tenants = generatedTenants(COUNT);
  const regions = new Set(tenants.map((t) => t.region)).size;
  process.stdout.write(`${tenants.length} generated tenants over ${regions} EU regions; goal ≤ ${GOAL_SECONDS} s marginal per tenant\n\n`);
  const figures: Figure[] = [];
  for (const mode of ['one App per tenant', 'one App per batch'] as const) {
    for (const complianceChecks of [false, true]) {
      const figure = await measure(mode, { complianceChecks }, tenants);
      figures.push(figure);
      process.stdout.write(
        `${mode.padEnd(19)} cdk-nag ${complianceChecks ? 'on ' : 'off'}  T(1) ${figure.one.toFixed(2)} s  T(${COUNT}) ${figure.fifty.toFixed(2)} s  marginal ${figure.marginal.toFixed(3)} s/tenant (CPU ${figure.marginalCpu.toFixed(3)})  ${figure.marginal <= GOAL_SECONDS ? 'within' : 'OVER'} goal (${(figure.marginal / GOAL_SECONDS).toFixed(2)}× goal)\n`,
      );
    }
  }
  const find = (mode: string, nag: boolean) => figures.find((f) => f.mode === mode && f.nag === nag)!;
  process.stdout.write('\nratios (marginal seconds per tenant):\n');
  for (const mode of ['one App per tenant', 'one App per batch']) {
    process.stdout.write(`  cdk-nag on / off, ${mode}: ${(find(mode, true).marginal / find(mode, false).marginal).toFixed(2)}×\n`);
  }
  for (const nag of [false, true]) {
    process.stdout.write(`  per tenant / per batch, cdk-nag ${nag ? 'on' : 'off'}: ${(find('one App per tenant', nag).marginal / find('one App per batch', nag).marginal).toFixed(2)}×\n`);
  }
}
