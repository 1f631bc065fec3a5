import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { tenantLayout } from '../../common/build-layout.ts';
import { ENGINE_NAMES } from '../../stacks/engine.ts';
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
      // The report first: a ledger that refuses the record must not cost the user the result.
      process.stdout.write(policies.renderReport(result, opts.format as (typeof policies.REPORT_FORMATS)[number]));
      process.exitCode = result.summary.errors > 0 ? CHECK_EXIT.errors : CHECK_EXIT.clean;
      try {
        await recordCheck(result);
      } catch (error) {
        const { LedgerAccessError, LedgerEventError, LedgerStateError } = await import('../../audit/errors.ts');
        if (!(error instanceof LedgerAccessError || error instanceof LedgerStateError || error instanceof LedgerEventError)) throw error;
        process.stderr.write(`sandbox check: checked, but not recorded in the ledger: ${error.message}\n`);
        process.exitCode = CHECK_EXIT.input;
      }
    });
}

/**
 * A check of a tenant's artifacts is evidence: one `tenant.checked` per tenant of this project
 * whose build output was among the inputs, with that tenant's own counts. Other files (a template
 * under review, say, even one that names a tenant) are checked but not recorded as its evidence.
 */
async function recordCheck(result: import('../../policies/index.ts').CheckResult): Promise<void> {
  const evidence = new Set(result.artifacts.filter((a) => a.tenant !== undefined && inTenantBuild(a.file, a.tenant)).map((a) => a.file));
  const tenantIds = [...new Set(result.artifacts.filter((a) => evidence.has(a.file)).map((a) => a.tenant!))];
  if (tenantIds.length === 0) return;
  const { findPlan } = await import('../../tenancy/index.ts');
  const plans = tenantIds.map((id) => findPlan(id)).filter((p) => p !== undefined);
  if (plans.length === 0) return;
  const { openProjectLedger } = await import('../pipeline/project-ledger.ts');
  const { checkedEvent } = await import('../pipeline/pipeline-events.ts');
  const pl = await openProjectLedger(plans);
  await pl.ledger.appendBatch(
    plans.map((plan) => {
      const mine = result.findings.filter((f) => f.tenant === plan.tenant.id && evidence.has(f.file));
      const active = mine.filter((f) => !f.waiver);
      const counts = {
        errors: active.filter((f) => f.severity === 'error').length,
        warnings: active.filter((f) => f.severity === 'warning').length,
        notes: active.filter((f) => f.severity === 'note').length,
        waived: mine.length - active.length,
        waiversUsed: [...new Set(mine.filter((f) => f.waiver).map((f) => `${f.ruleId} ${f.resource}`))],
      };
      const files = result.artifacts.filter((a) => a.tenant === plan.tenant.id && evidence.has(a.file)).map((a) => ({ kind: 'artifact', id: a.file }));
      return checkedEvent(pl, plan.tenant.id, counts, files);
    }),
  );
}

/** Whether a file lies in an engine folder of that tenant's synthesized build directory. */
function inTenantBuild(file: string, tenant: string): boolean {
  const parts = path.resolve(file).split(path.sep);
  for (let i = parts.length - 3; i >= 0; i--) {
    if (parts[i] !== tenant || !(ENGINE_NAMES as readonly string[]).includes(parts[i + 1]!)) continue;
    const root = parts.slice(0, i + 1).join(path.sep);
    if (existsSync(tenantLayout(path.dirname(root), tenant).fingerprintFile)) return true;
  }
  return false;
}
