import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LedgerEvent, NewEvent } from '../../audit/index.ts';
import type { WorkloadStop } from '../../workflows/index.ts';
import type { LoadedPlan } from '../../tenancy/index.ts';
import { ensureTenantDatasets, type DatasetOutcome } from './datasets-step.ts';
import { prepareGuardedSynth } from './guarded-synth.ts';
import { admittedEvent, datasetGeneratedEvent } from './pipeline-events.ts';
import type { ProjectLedger } from './project-ledger.ts';
import { ENGINE_NAMES } from '../../stacks/engine.ts';
import { ensurePlatform, STACKS_PER_ENGINE, synthesizeAll, type PlatformOutcome } from './synth-run.ts';
import type { TenantSynthOutcome } from './synthesize-tenants.ts';
import { renderTable, seconds } from './table.ts';

/**
 * `sandbox up`, the main job: for every plan validate → synthesize all engines → check the
 * guardrails → generate the datasets → record it all in the ledger → write the evidence reports,
 * then one summary table. Every step is incremental, so a second `up` with nothing changed only
 * reads hashes and writes nothing.
 */
export interface UpOptions {
  readonly plans: readonly LoadedPlan[];
  /** Plans whose period ended before this date (YYYY-MM-DD) are suspended unless extended. */
  readonly today: string;
  /** Loads the plans again after expiry changed some of them on disk. */
  readonly reloadPlans: () => Promise<readonly LoadedPlan[]>;
  readonly buildDir: string;
  readonly ledgerDir?: string;
  readonly force: boolean;
  /** The waivers file (default: sandbox-templates/waivers.yaml). */
  readonly waiversFile?: string;
  /** Writes the evidence report of a tenant when its inputs changed; returns whether it wrote. */
  readonly report?: (plan: LoadedPlan, ledgerDir: string) => Promise<boolean>;
  readonly progress: (line: string) => void;
}

export interface UpTenantRow {
  readonly plan: LoadedPlan;
  readonly synth: TenantSynthOutcome;
  readonly datasets: readonly DatasetOutcome[];
  readonly admitted: boolean;
  readonly reported: boolean;
  readonly seconds: number;
}

export interface UpResult {
  readonly rows: readonly UpTenantRow[];
  /** Tenants suspended by this run because their period had ended. */
  readonly expired: readonly { readonly tenant: string; readonly periodEnd: string; readonly workloadStop: WorkloadStop }[];
  readonly platform: PlatformOutcome;
  readonly seconds: number;
  readonly errors: number;
  readonly eventsRecorded: number;
  readonly ledgerDir: string;
  /** The date plan periods were judged against. */
  readonly today: string;
}

async function tenantEvents(pl: ProjectLedger, tenantId: string, type: 'tenant.admitted' | 'dataset.generated'): Promise<LedgerEvent[]> {
  if (!existsSync(pl.dir)) return [];
  const { queryEvents } = await import('../../audit/index.ts');
  return (await queryEvents(pl.dir, { tenant: tenantId, type, limit: Infinity })).events;
}

/** Datasets whose manifest hash the ledger does not hold yet, however they were generated. */
async function unrecordedDatasets(pl: ProjectLedger, tenantId: string, datasets: readonly DatasetOutcome[]): Promise<DatasetOutcome[]> {
  const present = datasets.filter((d) => d.manifestSha256);
  if (present.length === 0) return [];
  const recorded = new Set((await tenantEvents(pl, tenantId, 'dataset.generated')).flatMap((e) => (e.objects ?? []).map((o) => o.sha256)));
  return present.filter((d) => !recorded.has(d.manifestSha256!));
}

export async function runUp(options: UpOptions): Promise<UpResult> {
  const started = performance.now();
  const guarded = await prepareGuardedSynth(options.plans, { today: options.today, ...(options.waiversFile ? { waiversFile: options.waiversFile } : {}), ...(options.ledgerDir ? { ledgerDir: options.ledgerDir } : {}) });
  const pl = guarded.ledger;
  let eventsRecorded = 0;
  const append = async (events: readonly NewEvent[]) => {
    if (events.length === 0) return;
    await pl.ledger.appendBatch([...events]);
    eventsRecorded += events.length;
  };
  const { suspendExpiredTenants } = await import('../../workflows/index.ts');
  const expired = await suspendExpiredTenants(options.plans, options.today, pl.ledger, { actorId: pl.actorId, accessPoint: pl.accessPoint });
  eventsRecorded += expired.length * 2;
  // The suspension edited those plans on disk: render them as they now are.
  const plans = expired.length > 0 ? await options.reloadPlans() : options.plans;
  const record = guarded.record(plans);
  const rows: UpTenantRow[] = [];
  for (const [i, plan] of plans.entries()) {
    const tenantStarted = performance.now();
    const id = plan.tenant.id;
    const step = (what: string) => options.progress(`[${i + 1}/${plans.length}] ${id}: ${what}`);
    const admitted = (await tenantEvents(pl, id, 'tenant.admitted')).length === 0;
    if (admitted) await append([admittedEvent(pl, plan)]);

    step('synthesize + check');
    const run = await synthesizeAll([plan], {
      buildDir: options.buildDir,
      engineOption: 'aws,terraform,kubernetes',
      force: options.force,
      check: guarded.check,
      record,
      platform: false,
    });
    const synth = run.outcomes[0]!;

    step(plan.tenant.status === 'exited' ? 'no datasets (exited)' : 'datasets');
    const datasets = await ensureTenantDatasets(plan, options.buildDir);
    await append((await unrecordedDatasets(pl, id, datasets)).map((d) => datasetGeneratedEvent(pl, d)));

    let reported = false;
    if (options.report) {
      step('evidence report');
      reported = await options.report(plan, pl.dir);
    }
    rows.push({ plan, synth, datasets, admitted, reported, seconds: (performance.now() - tenantStarted) / 1000 });
  }
  options.progress('platform stack (organisation SCP)');
  const platform = await ensurePlatform(plans, options.buildDir, options.force);
  return {
    rows,
    expired: expired.map((e) => ({ tenant: e.tenant, periodEnd: e.periodEnd, workloadStop: e.workloadStop })),
    platform,
    seconds: (performance.now() - started) / 1000,
    errors: rows.reduce((n, r) => n + (r.synth.check?.errors ?? 0), 0),
    eventsRecorded: eventsRecorded + guarded.eventsRecorded,
    ledgerDir: pl.dir,
    today: options.today,
  };
}

export function printUpSummary(result: UpResult, buildDir: string, out: NodeJS.WritableStream = process.stdout): void {
  const rows = result.rows.map((r) => {
    const res = r.synth.resources;
    const generated = r.datasets.filter((d) => d.state === 'generated').length;
    return [
      r.plan.tenant.id,
      r.plan.tenant.status,
      r.synth.state,
      `${res.aws ?? '-'}/${res.terraform ?? '-'}/${res.kubernetes ?? '-'}`,
      r.synth.check ? `${r.synth.check.errors}E ${r.synth.check.warnings}W${r.synth.check.waived ? ` ${r.synth.check.waived}waived` : ''}` : '-',
      `${r.datasets.reduce((n, d) => n + d.resources, 0)}${generated ? ' (new)' : ''}`,
      r.synth.fingerprint ? r.synth.fingerprint.fingerprint.slice(0, 12) : '-',
      seconds(r.seconds),
    ];
  });
  out.write(`${renderTable(['tenant', 'status', 'synth', 'resources aws/tf/k8s', 'findings', 'dataset rows', 'fingerprint', 's'], rows)}\n`);
  for (const r of result.rows.filter((x) => x.synth.state === 'rejected')) {
    out.write(`\n${r.plan.tenant.id}: not written, guardrail errors:\n${r.synth.check!.errorLines.join('\n')}\n`);
  }
  for (const e of result.expired) {
    out.write(`\n${e.tenant}: period ended ${e.periodEnd}; suspended (extend spec.period.end in the plan and \`sandbox resume\` to continue)\n`);
    out.write(`  ${e.workloadStop.when}\n${e.workloadStop.procedure.map((l) => `      ${l}\n`).join('')}`);
  }
  // Suspended by an earlier run and still past their end: said again until someone acts.
  for (const r of result.rows.filter((x) => x.plan.tenant.status === 'suspended' && x.plan.tenant.period.end < result.today && !result.expired.some((e) => e.tenant === x.plan.tenant.id))) {
    out.write(`\n${r.plan.tenant.id}: still suspended, period ended ${r.plan.tenant.period.end} (extend spec.period.end and \`sandbox resume\`, or \`sandbox exit\`)\n`);
  }
  const where = path.relative(process.cwd(), buildDir) || '.';
  const stacks = ENGINE_NAMES.map((e) => `${result.rows.filter((r) => r.synth.state !== 'rejected' && r.synth.resources[e] !== undefined).length} ${STACKS_PER_ENGINE[e]}`);
  out.write(`\n${result.rows.length} tenant(s), stacks: ${stacks.join(' + ')} + 1 platform, in ${seconds(result.seconds)} s; ${result.errors} error finding(s); ${result.eventsRecorded} ledger event(s) → ${where}\n`);
}
