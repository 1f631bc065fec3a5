import type { Command } from 'commander';
import type { ExportHistory } from '../../workflows/index.ts';
import { CliError } from '../cli-error.ts';
import { displayPath } from './plan.ts';
import { addTenantOptions, loadTenantContext, workflowCall, type TenantOptions } from './run.ts';

/**
 * `sandbox export request|approve|reject|list`: the airlock for results leaving a tenant. An
 * innovator requests files of a run; a data steward who is not the requester approves (the files
 * are copied to build/<id>/exports/<request-id>/ with their hashes) or rejects. Thin: the rules
 * live in workflows/airlock.ts, the state in the ledger.
 */

const REQUEST_HELP = `
Files are paths relative to the run's output directory (build/<id>/runs/<run-id>/output/); absolute
paths, "..", links that lead outside it and files changed since the run are refused. The request
id is printed as the last line, for scripts:

  id=$(sandbox export request diabetes-risk --as u-100 --run r-20270104T091233-ab12 --file metrics.json | tail -n 1)`;

export function registerExportCommands(program: Command): void {
  const exportCommand = program.command('export').description('the airlock for results leaving a tenant: request, approve or reject (two different people), list');

  addTenantOptions(
    exportCommand
      .command('request')
      .description('ask for files of a model run to leave the tenant (innovator)')
      .argument('<id>', 'tenant id')
      .requiredOption('--as <person>', 'the innovator asking (a person id from the plan)')
      .requiredOption('--run <run-id>', 'the run whose outputs are asked for')
      .requiredOption('--file <path...>', "file(s) relative to the run's output directory (repeatable)")
      .option('--reason <text>', 'why these results should leave the sandbox')
      .addHelpText('after', REQUEST_HELP),
  ).action(async (id: string, opts: TenantOptions & { as: string; run: string; file: string[]; reason?: string }) => {
    const ctx = await loadTenantContext(program, id, opts);
    const { requestExport } = await import('../../workflows/index.ts');
    const { requestId, files } = await workflowCall(() => requestExport(ctx, { personId: opts.as, runId: opts.run, files: opts.file, reason: opts.reason }));
    for (const f of files) process.stdout.write(`  ${f.sha256}  ${f.path} (${f.size} bytes)\n`);
    process.stdout.write(`export request for ${files.length} file(s) of run ${opts.run} is pending a data steward's decision; request id:\n${requestId}\n`);
  });

  for (const decision of ['approve', 'reject'] as const) {
    addTenantOptions(
      exportCommand
        .command(decision)
        .description(
          decision === 'approve'
            ? 'approve an export request (a data steward other than the requester); the files are copied out with their hashes'
            : 'reject an export request (a data steward other than the requester)',
        )
        .argument('<id>', 'tenant id')
        .argument('<request-id>', 'the request id printed by `sandbox export request`')
        .requiredOption('--as <person>', 'the data steward deciding (a person id from the plan)')
        .requiredOption('--reason <text>', 'why (recorded in the ledger)'),
    ).action(async (id: string, requestId: string, opts: TenantOptions & { as: string; reason: string }) => {
      const ctx = await loadTenantContext(program, id, opts);
      const { decideExport } = await import('../../workflows/index.ts');
      const result = await workflowCall(() => decideExport(ctx, { personId: opts.as, requestId, decision, reason: opts.reason }));
      process.stdout.write(
        result.destination
          ? `approved ${requestId}: ${result.request.files.length} file(s) released to ${displayPath(result.destination)}/ (hashes in manifest.json)\n`
          : `rejected ${requestId}\n`,
      );
    });
  }

  addTenantOptions(
    exportCommand
      .command('list')
      .description("list a tenant's export requests and their state, from the ledger (the read is recorded as ledger.accessed)")
      .argument('<id>', 'tenant id')
      .option('--format <format>', 'text | json', 'text')
      .option('--as <person>', 'who is reading (a person id from the plan; default: svc:sandbox-cli)'),
  ).action(async (id: string, opts: TenantOptions & { format: string; as?: string }) => {
    if (opts.format !== 'text' && opts.format !== 'json') throw new CliError(`--format must be text or json, got "${opts.format}"`, 1);
    const ctx = await loadTenantContext(program, id, opts);
    const { listExports, recordLedgerRead } = await import('../../workflows/index.ts');
    const requests = await workflowCall(async () => {
      const found = await listExports(ctx);
      await recordLedgerRead(ctx, opts.as, 'export-list', 'export.*', found.length);
      return found;
    });
    process.stdout.write(opts.format === 'json' ? `${JSON.stringify({ tenant: id, requests }, null, 2)}\n` : describeRequests(id, requests));
  });
}

function describeRequests(id: string, requests: readonly ExportHistory[]): string {
  if (requests.length === 0) return `tenant ${id} has no export requests\n`;
  const rows = requests.map((r) => [r.requestId, r.state, r.runId, r.requestedBy, r.decision?.by ?? '-', String(r.files.length), r.requestedAt]);
  const header = ['request', 'state', 'run', 'requested by', 'decided by', 'files', 'requested at'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
