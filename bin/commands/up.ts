import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_BUILD_DIR } from '../../tenancy/paths.ts';
import { loadValidPlans } from './synth.ts';

/** `sandbox up` (and `npm start`): the main job over every plan. */
export function registerUpCommands(program: Command): void {
  program
    .command('up')
    .description('the main job: validate, synthesize every engine, check guardrails, generate datasets, record the ledger, write evidence reports')
    .option('--out <dir>', 'build directory', DEFAULT_BUILD_DIR)
    .option('--plans <path...>', 'plan files or directories (default: sandbox-templates/tenants/)')
    .option('--force', 'redo every step even when nothing changed')
    .option('--quiet', 'no progress lines, only the summary')
    .action(async (opts: { out: string; plans?: string[]; force?: boolean; quiet?: boolean }) => {
      const { runUp, printUpSummary } = await import('../pipeline/up-run.ts');
      const plans = await loadValidPlans(opts.plans);
      const buildDir = path.resolve(opts.out);
      const result = await runUp({
        plans,
        buildDir,
        force: opts.force === true,
        progress: opts.quiet ? () => {} : (line) => process.stderr.write(`${line}\n`),
      });
      printUpSummary(result, buildDir);
      if (result.errors > 0) process.exitCode = 1;
    });
}
