import type { Command } from 'commander';
import type { ExitReport, WorkloadStop } from '../../workflows/index.ts';
import { CliError } from '../cli-error.ts';
import { displayPath } from './plan.ts';
import { addTenantOptions, loadTenantContext, workflowCall, type TenantOptions } from './run.ts';

/**
 * `sandbox suspend|resume|exit <id> --as <person>`: a platform engineer or data steward of the
 * plan stops processing, lets it go on, or ends participation with the signed exit report. The
 * plan's `spec.status` is edited in place (comments kept); the next synth renders the change.
 */

const SUSPEND_HELP = `
Suspend sets spec.status to suspended. Deployed, the next synth makes every role read-only, sets the
Kubernetes quota to 0 pods, jobs and services (nothing new starts) and isolates the network. A quota
does not stop what already runs: the command prints the kubectl steps that suspend the namespace's
jobs and delete its pods, to run after the deploy as the cluster operator, and tenant.suspended
records them.`;

const EXIT_HELP = `
Exit sets spec.status to exited, deletes the tenant's generated datasets under build/<id>/data/
(a dataset.deleted event with its manifest hash for each) and the model runs' outputs under
build/<id>/runs/<run-id>/output/ (their hashes are in the ledger since each run finished; run.json
stays; released exports stay under build/<id>/exports/), and writes build/<id>/exit-report.json
(AI Act Art. 57(7)), signed with the ledger key: period and purpose, the model runs and exports
from the ledger, the deleted datasets and run outputs with their hashes, the resources the next
deploy removes, and the final checkpoint. Then tenant.exited (with the report's hash) and a
checkpoint are appended. Jobs and pods in the tenant's namespace run until the next deploy
deletes it; the command prints how to stop them sooner.
Deploy the next synth to remove the resources; the log stores stay (Object Lock). With CDK, first
empty the data stores of every object version (CloudFormation cannot delete a versioned bucket
that still holds any): the command prints the procedure, and the report keeps it under dataStores.
Terraform's rendering deletes them with their contents itself (force_destroy).`;

export function registerLifecycleCommands(program: Command): void {
  addTenantOptions(
    program
      .command('suspend')
      .description('stop processing: roles read-only, no new workloads, network isolated at the next deploy; prints how to stop running ones (platform engineer or data steward)')
      .argument('<id>', 'tenant id')
      .requiredOption('--as <person>', 'a platform engineer or data steward of the plan')
      .requiredOption('--reason <text>', 'why (recorded in the ledger)')
      .addHelpText('after', SUSPEND_HELP),
  ).action(async (id: string, opts: TenantOptions & { as: string; reason: string }) => {
    const ctx = await loadTenantContext(program, id, opts);
    const { suspendTenant } = await import('../../workflows/index.ts');
    const change = await workflowCall(() => suspendTenant(ctx, { personId: opts.as, reason: opts.reason }));
    process.stdout.write(
      [
        `tenant ${id} suspended (was ${change.previousStatus}; ledger seq ${change.event.seq}); run \`sandbox synth\` and deploy to apply it.`,
        ...(change.workloadStop ? describeWorkloadStop(change.workloadStop) : []),
        '',
      ].join('\n'),
    );
  });

  addTenantOptions(
    program
      .command('resume')
      .description('lift a suspension (platform engineer or data steward); refused once the period has ended')
      .argument('<id>', 'tenant id')
      .requiredOption('--as <person>', 'a platform engineer or data steward of the plan')
      .option('--reason <text>', 'why (recorded in the ledger)')
      .option('--today <date>', 'the date to check the period against (YYYY-MM-DD, default: today in UTC)'),
  ).action(async (id: string, opts: TenantOptions & { as: string; reason?: string; today?: string }) => {
    const { resumeTenant } = await import('../../workflows/index.ts');
    const { isIsoDate } = await import('../../tenancy/index.ts');
    if (opts.today !== undefined && !isIsoDate(opts.today)) throw new CliError(`--today: "${opts.today}" is not a date written YYYY-MM-DD`, 1);
    const ctx = await loadTenantContext(program, id, opts);
    const change = await workflowCall(() => resumeTenant(ctx, { personId: opts.as, reason: opts.reason, ...(opts.today && { today: opts.today }) }));
    process.stdout.write(`tenant ${id} resumed (was ${change.previousStatus}; ledger seq ${change.event.seq}); run \`sandbox synth\` and deploy to apply it\n`);
  });

  addTenantOptions(
    program
      .command('exit')
      .description('end participation: status exited, datasets deleted, signed exit report (platform engineer or data steward)')
      .argument('<id>', 'tenant id')
      .requiredOption('--as <person>', 'a platform engineer or data steward of the plan')
      .option('--reason <text>', 'why (recorded in the ledger)')
      .addHelpText('after', EXIT_HELP),
  ).action(async (id: string, opts: TenantOptions & { as: string; reason?: string }) => {
    const ctx = await loadTenantContext(program, id, opts);
    const { exitTenant } = await import('../../workflows/index.ts');
    const { runEngines } = await import('../pipeline/synthesize-tenants.ts');
    const { ENGINE_NAMES } = await import('../../stacks/engine.ts');
    const result = await workflowCall(() => exitTenant(ctx, { personId: opts.as, reason: opts.reason, render: (tenant) => runEngines(tenant, ENGINE_NAMES) }));
    const { report } = result;
    process.stdout.write(
      [
        `tenant ${id} exited (was ${report.exit.previousStatus}).`,
        `  datasets deleted: ${report.datasetsDeleted.map((d) => `${d.id} (manifest sha256 ${d.manifestSha256?.slice(0, 16) ?? 'unknown'}…)`).join(', ') || 'none on disk'}`,
        ...describeRunOutputs(report),
        `  the next deploy removes ${report.resourcesRemoved.total} resource(s): aws ${report.resourcesRemoved.aws.length}, terraform ${report.resourcesRemoved.terraform.length}, kubernetes ${report.resourcesRemoved.kubernetes.length}`,
        ...describeDataStores(report),
        ...describeWorkloadStop(report.workloads),
        `  exit report: ${displayPath(result.reportFile)} (sha256 ${result.reportSha256})`,
        `  ledger: tenant.exited at seq ${result.exited.seq}${result.closingCheckpoint ? `, sealed by checkpoint seq ${result.closingCheckpoint.seq}` : ''}`,
        '',
      ].join('\n'),
    );
  });
}

/** What the operator must do about the data stores before deploying the exited tenant. */
function describeDataStores(report: ExitReport): string[] {
  const { dataStores } = report;
  const detached = report.resourcesDetached.aws;
  return [
    ...dataStores.notes.map((note) => `  ${note}`),
    ...dataStores.procedure.map((line) => `      ${line}`),
    ...(detached.length > 0 ? [`  ${detached.length} resource(s) leave the CDK stack but stay in the account (DeletionPolicy Retain): ${detached.map((r) => r.id).join(', ')}`] : []),
  ];
}

const PRINTED_OUTPUTS = 20;

/** The run outputs the exit deleted, each with its hash (the report lists them all). */
function describeRunOutputs(report: ExitReport): string[] {
  const files = report.runOutputsDeleted;
  if (files.length === 0) return ['  run outputs deleted: none on disk'];
  const runs = new Set(files.map((f) => f.runId)).size;
  const released = files.filter((f) => f.released).length;
  return [
    `  run outputs deleted: ${files.length} file(s) of ${runs} run(s) under runs/<run-id>/output/ (run.json kept)${released > 0 ? `; ${released} had been released, and their approved copies stay under exports/` : ''}:`,
    ...files.slice(0, PRINTED_OUTPUTS).map((f) => `      ${f.sha256}  ${f.runId}/${f.path}${f.released ? '  (released)' : ''}${f.source === 'run.json' ? '  (already gone; as run.json lists it)' : ''}`),
    ...(files.length > PRINTED_OUTPUTS ? [`      … and ${files.length - PRINTED_OUTPUTS} more, all listed in the exit report`] : []),
  ];
}

/** How to stop the jobs and pods already running in the tenant's namespace. */
function describeWorkloadStop(stop: WorkloadStop): string[] {
  return [`  ${stop.when}`, ...stop.procedure.map((line) => `      ${line}`)];
}
