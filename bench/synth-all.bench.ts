import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runEngines } from '../bin/pipeline/synthesize-tenants.ts';
import { synthCheck } from '../policies/adapters/synth-check.ts';
import { ENGINE_NAMES } from '../stacks/engine.ts';
import type { LoadedPlan } from '../tenancy/index.ts';
import { cpuSeconds, fmt, median, timeCli, timeCliWithCpu } from './support/cli-timing.ts';
import { generatedPlans } from './support/generated-plans.ts';

/**
 * Issue 3's figures for all three engines together:
 * - marginal synth seconds per tenant over 50 generated plans (goal ≤ 0.25 s), in one process,
 *   marginal = (T(50) − T(1)) / 49, with the guardrail check's share beside it (goal < 10 %);
 * - the no-change re-run of `sandbox synth` through the real CLI (goal ≤ 2 s for all tenants),
 *   against the bare start-up of the CLI (`sandbox --version`) as the baseline of the same run.
 */
const COUNT = 50;

async function synthAndCheck(plans: readonly LoadedPlan[], check: ReturnType<typeof synthCheck>): Promise<{ synth: number; check: number; synthCpu: number }> {
  let synth = 0;
  let checked = 0;
  let synthCpu = 0;
  for (const plan of plans) {
    const a = performance.now();
    const cpu = cpuSeconds();
    const outputs = await runEngines(plan.tenant, ENGINE_NAMES);
    synthCpu += cpuSeconds() - cpu;
    const b = performance.now();
    const summary = await check(plan.tenant, outputs.flatMap((o) => o.artifacts), (p) => `build/${plan.tenant.id}/${p}`);
    checked += performance.now() - b;
    synth += b - a;
    if (summary.errors > 0) throw new Error(`${plan.tenant.id}: ${summary.errorLines.join('\n')}`);
  }
  return { synth: synth / 1000, check: checked / 1000, synthCpu };
}

export async function run(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-synth-all-'));
  try {
    const plansDir = path.join(work, 'plans');
    const plans = generatedPlans(COUNT, plansDir);
    const check = synthCheck();
    await synthAndCheck(plans.slice(0, 1), check); // warm-up: module loading and JIT
    const one = await synthAndCheck(plans.slice(0, 1), check);
    const all = await synthAndCheck(plans, check);
    const marginal = (all.synth - one.synth) / (COUNT - 1);
    const marginalCheck = (all.check - one.check) / (COUNT - 1);
    const marginalCpu = (all.synthCpu - one.synthCpu) / (COUNT - 1);
    console.log(`in-process, ${ENGINE_NAMES.join(' + ')}, ${COUNT} generated plans over the EU regions:`);
    console.log(`  synth 1 tenant ${fmt(one.synth)} s, ${COUNT} tenants ${fmt(all.synth)} s → marginal ${fmt(marginal)} s/tenant (goal ≤ 0.25): ${marginal <= 0.25 ? 'met' : 'NOT met'}`);
    console.log(`  CPU (user + system) ${fmt(marginalCpu)} s/tenant: what the wall figure is on an idle core`);
    console.log(`  guardrail check ${fmt(marginalCheck)} s/tenant = ${((100 * marginalCheck) / marginal).toFixed(1)} % of synth (goal < 10 %)`);

    const env = { SANDBOX_LEDGER_DIR: path.join(work, 'ledger') };
    const buildDir = path.join(work, 'build');
    const baseline = median([0, 1, 2].map(() => timeCli(['--version'])));
    const cold = timeCli(['synth', '--plans', plansDir, '--out', buildDir], env);
    const warmRuns = [0, 1, 2].map(() => timeCliWithCpu(['synth', '--plans', plansDir, '--out', buildDir], env));
    const warm = median(warmRuns.map((r) => r.wall));
    const warmCpu = median(warmRuns.map((r) => r.cpu));
    const exampleBuild = path.join(work, 'build-examples');
    timeCli(['synth', '--out', exampleBuild], env);
    const warmExamples = median([0, 1, 2].map(() => timeCli(['synth', '--out', exampleBuild], env)));
    console.log(`CLI (wall, including Node start-up): baseline \`sandbox --version\` ${fmt(baseline)} s`);
    console.log(`  cold \`sandbox synth\` of ${COUNT} tenants ${fmt(cold)} s (${fmt(cold / COUNT)} s/tenant incl. start-up)`);
    console.log(`  no-change re-run, ${COUNT} tenants: ${fmt(warm)} s = ${(warm / baseline).toFixed(1)}× the bare start-up (goal ≤ 2 s): ${warm <= 2 ? 'met' : 'NOT met'}; CPU ${fmt(warmCpu)} s`);
    console.log(`  no-change re-run, the 3 example tenants: ${fmt(warmExamples)} s = ${(warmExamples / baseline).toFixed(1)}× the bare start-up`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
