import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_BUILD_DIR } from '../../tenancy/paths.ts';
import { CliError } from '../cli-error.ts';
import { loadValidPlans, resolveBuildDir } from './synth.ts';

/** `sandbox up` (and `npm start`): the main job over every plan. */
export function registerUpCommands(program: Command): void {
  program
    .command('up')
    .description('the main job: validate, synthesize every engine, check guardrails, generate datasets, record the ledger, write evidence reports')
    .option('--out <dir>', 'build directory', DEFAULT_BUILD_DIR)
    .option('--plans <path...>', 'plan files or directories (default: sandbox-templates/tenants/)')
    .option('--force', 'redo every step even when nothing changed')
    .option('--quiet', 'no progress lines, only the summary')
    .option('--today <date>', 'the date plan periods are judged against (YYYY-MM-DD; default: today, UTC)')
    .option('--waivers <file>', 'guardrail waivers (default: sandbox-templates/waivers.yaml)')
    .action(async (opts: { out: string; plans?: string[]; force?: boolean; quiet?: boolean; today?: string; waivers?: string }) => {
      const waiversFile = opts.waivers ? path.resolve(opts.waivers) : undefined;
      const { isIsoDate, todayUtc } = await import('../../tenancy/index.ts');
      const today = opts.today ?? todayUtc();
      if (!isIsoDate(today)) throw new CliError(`--today: "${today}" is not a real date written YYYY-MM-DD`);
      const { runUp, printUpSummary } = await import('../pipeline/up-run.ts');
      const plans = await loadValidPlans(opts.plans);
      const buildDir = resolveBuildDir(opts.out);
      const result = await runUp({
        ...(waiversFile ? { waiversFile } : {}),
        plans,
        today,
        reloadPlans: () => loadValidPlans(opts.plans),
        buildDir,
        force: opts.force === true,
        report: async (plan, ledgerDir) => {
          const { writeEvidenceReport } = await import('../../supervisor/index.ts');
          return (await writeEvidenceReport(plan.tenant.id, { buildDir, ledgerDir, plan })).written;
        },
        progress: opts.quiet ? () => {} : (line) => process.stderr.write(`${line}\n`),
      });
      printUpSummary(result, buildDir);
      if (result.errors > 0) process.exitCode = 1;
    });
}
