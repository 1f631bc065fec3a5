import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt, median, timeCli } from './support/cli-timing.ts';

/**
 * Issue 7's figure: a cold `sandbox up` for the example tenants (goal ≤ 60 s on a 2-core machine):
 * synth of all engines, guardrail check, dataset generation, ledger and evidence reports. Beside it
 * the no-change `up`, and `sandbox validate` of the same plans as the baseline of this run.
 */
export async function run(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-up-'));
  try {
    const env = { SANDBOX_LEDGER_DIR: path.join(work, 'ledger') };
    const build = path.join(work, 'build');
    const baseline = median([0, 1, 2].map(() => timeCli(['validate'])));
    const cold = timeCli(['up', '--quiet', '--out', build], env);
    const warm = median([0, 1, 2].map(() => timeCli(['up', '--quiet', '--out', build], env)));
    console.log(`baseline \`sandbox validate\` (3 plans): ${fmt(baseline)} s`);
    console.log(`cold \`sandbox up\` (3 tenants, 38 000 patients of synthetic data): ${fmt(cold)} s = ${(cold / baseline).toFixed(1)}× baseline (goal ≤ 60 s): ${cold <= 60 ? 'met' : 'NOT met'}`);
    console.log(`no-change \`sandbox up\`: ${fmt(warm)} s = ${(warm / baseline).toFixed(1)}× baseline`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
