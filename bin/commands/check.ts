import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { DEFAULT_BUILD_DIR, WAIVERS_FILE } from '../../tenancy/paths.ts';

/** Exit codes of `sandbox check` (ARCHITECTURE.md): 0 no error finding, 1 error findings, 2 unusable input. */
export const CHECK_EXIT = { clean: 0, errors: 1, input: 2 } as const;

interface CheckCommandOptions {
  readonly format: string;
  readonly waivers?: string;
  readonly today?: string;
}

/** `sandbox check`: the guardrail catalog on synthesized output or any artifact file. */
export function registerCheckCommands(program: Command): void {
  program
    .command('check')
    .description('check CloudFormation (JSON/YAML), Terraform JSON and Kubernetes YAML against the guardrail catalog (default: build/)')
    .argument('[path...]', 'files or directories; the format of each file is told from its content')
    .option('--format <format>', 'text | json | sarif | junit', 'text')
    .option('--waivers <file>', `waivers file (default: ${path.relative(process.cwd(), WAIVERS_FILE) || WAIVERS_FILE}, if present)`)
    .option('--today <date>', 'the date waivers are judged against, YYYY-MM-DD (default: today)')
    .action(async (paths: string[], opts: CheckCommandOptions) => {
      const policies = await import('../../policies/index.ts');
      if (!(policies.REPORT_FORMATS as readonly string[]).includes(opts.format)) {
        throw new CliError(`--format: "${opts.format}" is not a report format; use ${policies.REPORT_FORMATS.join(', ')}`, CHECK_EXIT.input);
      }
      const { isIsoDate } = await import('../../tenancy/index.ts');
      if (opts.today !== undefined && !isIsoDate(opts.today)) throw new CliError(`--today: "${opts.today}" is not a date written YYYY-MM-DD`, CHECK_EXIT.input);

      const waiverFile = opts.waivers ?? (existsSync(WAIVERS_FILE) ? WAIVERS_FILE : undefined);
      const waivers = waiverFile ? policies.loadWaivers(path.resolve(waiverFile)) : { waivers: [], issues: [] };
      if (waivers.issues.length > 0) {
        throw new CliError([...waivers.issues.map(policies.formatWaiverIssue), `${waivers.issues.length} problem(s) in the waivers file; nothing was checked`].join('\n'), CHECK_EXIT.input);
      }

      const inputs = paths.length > 0 ? paths : [DEFAULT_BUILD_DIR];
      if (paths.length === 0 && !existsSync(DEFAULT_BUILD_DIR)) {
        throw new CliError(`${path.relative(process.cwd(), DEFAULT_BUILD_DIR) || DEFAULT_BUILD_DIR} does not exist: run \`sandbox synth\` first, or name the files to check`, CHECK_EXIT.input);
      }
      const result = policies.checkFiles(inputs, { waivers: waivers.waivers, ...(opts.today ? { today: opts.today } : {}) });
      if (result.problems.length > 0) {
        throw new CliError([...result.problems.map((p) => `${p.file}: ${p.message}`), `${result.problems.length} input problem(s); nothing was checked`].join('\n'), CHECK_EXIT.input);
      }
      await recordCheck(result);
      process.stdout.write(policies.renderReport(result, opts.format as (typeof policies.REPORT_FORMATS)[number]));
      process.exitCode = result.summary.errors > 0 ? CHECK_EXIT.errors : CHECK_EXIT.clean;
    });
}

/**
 * A check of a tenant's artifacts is evidence: one `tenant.checked` per tenant of this project
 * whose artifacts were among the inputs, with that tenant's own counts. Files of no known tenant
 * (a template under review, say) are checked but not recorded.
 */
async function recordCheck(result: import('../../policies/index.ts').CheckResult): Promise<void> {
  const tenantIds = [...new Set(result.artifacts.map((a) => a.tenant).filter((t): t is string => t !== undefined))];
  if (tenantIds.length === 0) return;
  const { findPlan } = await import('../../tenancy/index.ts');
  const plans = tenantIds.map((id) => findPlan(id)).filter((p) => p !== undefined);
  if (plans.length === 0) return;
  const { openProjectLedger } = await import('../pipeline/project-ledger.ts');
  const { checkedEvent } = await import('../pipeline/pipeline-events.ts');
  const pl = await openProjectLedger(plans);
  await pl.ledger.appendBatch(
    plans.map((plan) => {
      const mine = result.findings.filter((f) => f.tenant === plan.tenant.id);
      const active = mine.filter((f) => !f.waiver);
      const counts = {
        errors: active.filter((f) => f.severity === 'error').length,
        warnings: active.filter((f) => f.severity === 'warning').length,
        notes: active.filter((f) => f.severity === 'note').length,
        waived: mine.length - active.length,
        waiversUsed: [...new Set(mine.filter((f) => f.waiver).map((f) => `${f.ruleId} ${f.resource}`))],
      };
      const files = result.artifacts.filter((a) => a.tenant === plan.tenant.id).map((a) => ({ kind: 'artifact', id: a.file }));
      return checkedEvent(pl, plan.tenant.id, counts, files);
    }),
  );
}
