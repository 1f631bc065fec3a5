import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { HEAD_FILE, LedgerStateError, queryEvents, signJson, type AppendedEvent, type LedgerEvent } from '../audit/index.ts';
import { writeFileAtomic } from '../common/atomic-write.ts';
import { sha256Hex } from '../common/sha256.ts';
import type { EngineOutput } from '../stacks/engine.ts';
import type { Tenant, TenantStatus } from '../tenancy/index.ts';
import { PROJECT_ROOT } from '../tenancy/paths.ts';
import { authorise } from './authorisation.ts';
import { buildExitReport, type DeletedDataset, type ExitReport, type LedgerAnchor } from './exit-report.ts';
import { tenantEvents, tenantExports, tenantRuns } from './ledger-history.ts';
import { setPlanStatus } from '../tenancy/plan-status-edit.ts';
import { diffResources, resourceInventory } from './resource-inventory.ts';
import { WorkflowRefusal } from './refusal.ts';
import { deleteRunOutputs, runOutputs } from './run-outputs.ts';
import { datasetObject, datasetsOnDisk } from './tenant-datasets.ts';
import { personActor, planObject, refuse, type TenantContext } from './tenant-context.ts';
import { exitWorkloadStop, workloadStopDetails } from './workload-stop.ts';

/**
 * `sandbox exit`: the end of participation. The plan says `exited` (the next synth keeps only the
 * log stores and the supervisor's read access and schedules the tenant key for deletion), the
 * generated datasets get a `dataset.deleted` record each and are then deleted (AI Act Art. 59(1)(g)),
 * so are the model runs' outputs (their hashes are in the ledger already, and the report lists
 * them), and the signed exit report (Art. 57(7)) anchors all of it in the ledger: a checkpoint sealing
 * the tenant's history, then `tenant.exited` carrying the report's hash, sealed by the
 * checkpoint the ledger appends after every exit.
 */

/** Renders a tenant with every engine, in memory (the CLI passes the synth pipeline's runEngines). */
export type RenderTenant = (tenant: Tenant) => Promise<readonly EngineOutput[]>;

export interface ExitInput {
  readonly personId: string;
  readonly reason?: string | undefined;
  readonly render: RenderTenant;
}

export interface ExitResult {
  readonly report: ExitReport;
  readonly reportFile: string;
  readonly reportSha256: string;
  readonly exited: AppendedEvent;
  /** The checkpoint the ledger appended right after `tenant.exited`. */
  readonly closingCheckpoint: LedgerEvent | undefined;
}

export const DEFAULT_EXIT_REASON = 'end of participation';

async function previousExit(ctx: TenantContext): Promise<LedgerEvent | undefined> {
  const events = await tenantEvents(ctx.ledger.dir, ctx.plan.tenant.id, ['tenant.exited']);
  return events.find((e) => e.outcome === 'success');
}

async function signedHead(ledgerDir: string): Promise<LedgerAnchor['head']> {
  try {
    const head = JSON.parse(await readFile(path.join(ledgerDir, HEAD_FILE), 'utf8')) as { seq: number; hash: string; keyId: string; signature: string };
    return { seq: head.seq, hash: head.hash, keyId: head.keyId, signature: head.signature };
  } catch {
    return null;
  }
}

function anchorOf(checkpoint: AppendedEvent): LedgerAnchor['finalCheckpoint'] {
  const d = checkpoint.details ?? {};
  return {
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    sealedSeq: d.sealedSeq as number,
    sealedHash: d.sealedHash as string,
    keyId: d.keyId as string,
    signature: d.signature as string,
  };
}

const EXIT_DELETION_REASON = 'tenant-exit';

function deletionKey(id: string, manifestSha256: string | null): string {
  return `${id} ${manifestSha256 ?? ''}`;
}

/** The datasets the ledger records as deleted at this tenant's exit (there is only one exit). */
async function exitDeletions(ctx: TenantContext): Promise<DeletedDataset[]> {
  const events = await tenantEvents(ctx.ledger.dir, ctx.plan.tenant.id, ['dataset.deleted']);
  return events
    .filter((e) => e.outcome === 'success' && e.details?.reason === EXIT_DELETION_REASON)
    .flatMap((e) =>
      (e.objects ?? [])
        .filter((o) => o.kind === 'dataset')
        .map((o) => {
          const named = /^(.+)@(\d+)$/.exec(o.id);
          return {
            id: o.id,
            profile: named ? named[1]! : o.id,
            seed: named ? Number(named[2]) : null,
            manifestSha256: o.sha256 ?? null,
            classification: o.classification ?? 'synthetic',
            seq: e.seq,
          };
        }),
    );
}

function displayPlanFile(file: string): string {
  const rel = path.relative(PROJECT_ROOT, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

export async function exitTenant(ctx: TenantContext, input: ExitInput): Promise<ExitResult> {
  const { tenant, file } = ctx.plan;
  const reason = (input.reason ?? DEFAULT_EXIT_REASON).slice(0, 500);
  const auth = authorise(tenant, input.personId, 'exit');
  if (!auth.ok) return refuse(ctx, 'tenant.exited', input.personId, auth.person, auth.message);
  const person = auth.person;
  const earlier = await previousExit(ctx);
  if (earlier) throw new WorkflowRefusal(`tenant ${tenant.id} has already exited (seq ${earlier.seq}, ${earlier.time}); its exit report is ${ctx.layout.exitReport}`);
  // A plan that says exited without a tenant.exited in the ledger is an exit that was cut short:
  // finishing it is what the plan asks for.
  const previousStatus: TenantStatus = tenant.status;

  // Everything that can fail slowly happens before the first change.
  const current = previousStatus === 'exited' ? { ...tenant, status: 'active' as const } : tenant;
  const resources = diffResources(resourceInventory(await input.render(current)), resourceInventory(await input.render({ ...tenant, status: 'exited' })));
  const onDisk = await datasetsOnDisk(tenant, ctx.layout);
  const actor = personActor(ctx, person);

  // From here on nothing new runs against the tenant; an interrupted exit is finished by running
  // `sandbox exit` again.
  setPlanStatus(file, 'exited');
  const planSha256 = sha256Hex(await readFile(file));
  // Recorded first, deleted after: a deletion that happened without its record could never be
  // recorded once the files are gone. What an exit cut short already recorded is not recorded twice.
  const recorded = new Set((await exitDeletions(ctx)).map((d) => deletionKey(d.id, d.manifestSha256)));
  await ctx.ledger.appendBatch(
    onDisk
      .filter((dataset) => !recorded.has(deletionKey(dataset.id, dataset.manifestSha256)))
      .map((dataset) => ({
        tenant: tenant.id,
        type: 'dataset.deleted' as const,
        outcome: 'success' as const,
        actor,
        objects: [datasetObject(dataset)],
        authorisation: { plan: tenant.id },
        details: { reason: EXIT_DELETION_REASON },
      })),
  );
  for (const dataset of onDisk) await rm(dataset.dir, { recursive: true, force: true });
  await rm(ctx.layout.dataDir, { recursive: true, force: true });
  const datasetsDeleted = await exitDeletions(ctx);
  const [runs, exports] = await Promise.all([tenantRuns(ctx.ledger.dir, tenant.id), tenantExports(ctx.ledger.dir, tenant.id, tenant.people)]);
  // Every output's hash is in the ledger since its run finished (model.run.finished), and in run.json:
  // what is deleted here is listed, not lost. An exit cut short lists what run.json still names.
  const runOutputsDeleted = await runOutputs(ctx.layout, exports);
  await deleteRunOutputs(ctx.layout);

  const checkpoint = await ctx.ledger.checkpoint({ reason: 'tenant-exit', tenant: tenant.id }).catch((error: unknown) => {
    // A ledger with nothing in it yet (no datasets were ever recorded) has nothing to seal.
    if (error instanceof LedgerStateError) return undefined;
    throw error;
  });
  const report = buildExitReport({
    tenant,
    plan: { file: displayPlanFile(file), sha256: planSha256 },
    exit: { at: checkpoint?.time ?? new Date().toISOString(), by: { id: person.id, role: person.role }, reason, previousStatus },
    runs,
    exports,
    datasetsDeleted,
    runOutputsDeleted,
    resources,
    workloads: exitWorkloadStop(tenant),
    ledger: { finalCheckpoint: checkpoint ? anchorOf(checkpoint) : null, head: await signedHead(ctx.ledger.dir) },
  });
  const signed = await signJson(ctx.ledger.dir, report);
  const text = `${JSON.stringify(signed, null, 2)}\n`;
  await writeFileAtomic(ctx.layout.exitReport, text);
  const reportSha256 = sha256Hex(text);

  const exited = await ctx.ledger.append({
    tenant: tenant.id,
    type: 'tenant.exited',
    outcome: 'success',
    actor,
    objects: [planObject(tenant.id, planSha256)],
    authorisation: { plan: tenant.id },
    details: {
      reason,
      exitReportSha256: reportSha256,
      removedResources: resources.removed.length,
      previousStatus,
      datasetsDeleted: datasetsDeleted.length,
      runOutputsDeleted: runOutputsDeleted.length,
      ...workloadStopDetails(report.workloads),
    },
  });
  const { events } = await queryEvents(ctx.ledger.dir, { tenant: tenant.id, type: 'ledger.checkpoint', reverse: true, limit: 1 });
  const closing = events.find((e) => e.seq > exited.seq);
  return { report, reportFile: ctx.layout.exitReport, reportSha256, exited, closingCheckpoint: closing };
}
