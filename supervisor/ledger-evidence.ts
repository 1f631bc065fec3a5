import { EVENT_TYPES, queryEvents, type EventType, type JsonValue, type LedgerEvent } from '../audit/index.ts';
import { happened, reduceExports, reduceRuns, requestIdOf, runIdOf, type Disregarded, type PlanPerson } from '../workflows/index.ts';

/**
 * Reads one tenant's history back from the ledger, the source of truth for what happened, by the
 * contract of audit/EVENT-DETAILS.md: admissions, syntheses, checks, datasets, model runs, the
 * export airlock, waivers and lifecycle steps. A field a writer left out stays undefined rather
 * than failing the read: evidence is shown as recorded, gaps included.
 *
 * `latest` bounds each list to its newest entries (the web UI); the evidence report reads all.
 * Runs and exports go through the workflows' reducers, the ones the airlock decides with: a step
 * they disregard (a second decision, a release without approval) is listed with the refusals.
 */

export interface EventRef {
  readonly seq: number;
  readonly time: string;
  readonly hash: string;
  readonly outcome: string;
  readonly actor: string;
  readonly actorRole?: string;
  readonly onBehalfOf?: string;
}

export interface FileRef {
  readonly id: string;
  readonly sha256?: string;
}

export interface AdmissionRecord extends EventRef {
  readonly planSha256?: string;
  readonly planFile?: string;
  readonly profile?: string;
  readonly riskClass?: string;
  readonly period?: string;
}

export interface SynthRecord extends EventRef {
  readonly fingerprint?: string;
  readonly engines?: string;
  readonly resources?: string;
  readonly artifacts: number;
}

export interface CheckRecord extends EventRef {
  readonly fingerprint?: string;
  readonly errors?: number;
  readonly warnings?: number;
  readonly notes?: number;
  readonly waived?: number;
  readonly waivers?: string;
}

export interface DatasetRecord extends EventRef {
  /** `<profile>@<seed>` */
  readonly id: string;
  readonly sha256?: string;
  readonly classification?: string;
  readonly profile?: string;
  readonly seed?: number;
  readonly patients?: number;
  readonly resources?: number;
  readonly generatorVersion?: string;
  readonly deleted?: EventRef & { readonly reason?: string };
}

export interface RunRecord {
  readonly runId: string;
  readonly started?: EventRef;
  readonly finished?: EventRef;
  readonly command?: string;
  readonly network?: string;
  readonly datasets: readonly FileRef[];
  readonly datasetSha256?: string;
  readonly modelDigest?: string;
  readonly exitCode?: number;
  readonly durationMs?: number;
  readonly outputsSha256?: string;
  readonly outputs: readonly FileRef[];
}

export interface ExportRecord {
  readonly requestId: string;
  readonly runId?: string;
  readonly requested?: EventRef;
  readonly files: readonly FileRef[];
  readonly decision?: EventRef & { readonly kind: 'approved' | 'rejected'; readonly reason?: string };
  readonly released?: EventRef & { readonly destination?: string };
}

export interface LifecycleRecord extends EventRef {
  readonly type: EventType;
  readonly reason?: string;
  readonly previousStatus?: string;
  readonly exitReportSha256?: string;
  readonly removedResources?: number;
}

/** An attempt the platform refused (wrong role, same person deciding, suspended tenant, …): logged, not done. */
export interface RefusalRecord extends EventRef {
  readonly type: EventType;
  readonly reason?: string;
  /** The id someone claimed who is not in the plan (recorded under a service identity). */
  readonly requestedAs?: string;
}

export interface WaiverRecord extends EventRef {
  readonly type: 'waiver.granted' | 'waiver.expired';
  readonly rule?: string;
  readonly resource?: string;
  readonly reason?: string;
  readonly expires?: string;
}

export interface Listed<T> {
  /** Oldest first. */
  readonly items: readonly T[];
  /** All recorded, not only those listed. */
  readonly total: number;
}

export interface LedgerEvidence {
  readonly tenant: string;
  /** Events of this tenant by type (types never recorded are left out). */
  readonly counts: Readonly<Partial<Record<EventType, number>>>;
  readonly total: number;
  /** The tenant's newest event. */
  readonly last?: EventRef;
  readonly admissions: Listed<AdmissionRecord>;
  readonly syntheses: Listed<SynthRecord>;
  readonly checks: Listed<CheckRecord>;
  readonly datasets: Listed<DatasetRecord>;
  readonly runs: Listed<RunRecord>;
  readonly exports: Listed<ExportRecord>;
  readonly lifecycle: Listed<LifecycleRecord>;
  readonly waivers: Listed<WaiverRecord>;
  /** Refused or failed attempts among the events read above (outcome denied, or an approval that failed), and steps the history disregards. */
  readonly refusals: Listed<RefusalRecord>;
}

const LIFECYCLE_TYPES = ['tenant.deployed', 'tenant.suspended', 'tenant.resumed', 'tenant.expired', 'tenant.exited'] as const satisfies readonly EventType[];

/** How far back, in events of the paired type, a bounded read looks for a run's or a request's later steps. */
const PAIRING_SLACK = 10;

export interface LedgerEvidenceOptions {
  readonly latest?: number;
  /** The plan's people: export decisions count only from its data stewards (without a plan, the role the event recorded). */
  readonly people?: readonly PlanPerson[];
}

export async function readLedgerEvidence(ledgerDir: string, tenant: string, options: LedgerEvidenceOptions = {}): Promise<LedgerEvidence> {
  const limit = options.latest ?? Infinity;
  const counts: Partial<Record<EventType, number>> = {};
  let total = 0;
  for (const type of EVENT_TYPES) {
    const n = (await queryEvents(ledgerDir, { tenant, type, limit: 0 })).total;
    if (n > 0) counts[type] = n;
    total += n;
  }
  const refused: LedgerEvent[] = [];
  const disregarded = new Map<LedgerEvent, string>();
  /** The newest events of a type that record something done; refused attempts are set aside. */
  const newest = async (type: EventType, bound = limit, since?: string): Promise<LedgerEvent[]> => {
    if (!counts[type]) return [];
    const { events } = await queryEvents(ledgerDir, { tenant, type, reverse: true, limit: bound, ...(since !== undefined && { since }) });
    const done: LedgerEvent[] = [];
    for (const e of events.reverse()) (happened(e) ? done : refused).push(e);
    return done;
  };
  // A bounded read knows the total only from the counts, less the refusals it happened to see.
  const listed = <T>(items: T[], type: EventType | readonly EventType[]): Listed<T> => {
    const types: readonly EventType[] = typeof type === 'string' ? [type] : type;
    if (limit === Infinity) return { items, total: items.length };
    return { items, total: types.reduce((n, t) => n + (counts[t] ?? 0) - refused.filter((e) => e.type === t).length, 0) };
  };
  const disregard = (steps: readonly Disregarded[]) => {
    for (const { event, why } of steps) {
      disregarded.set(event, why);
      refused.push(event);
    }
  };
  const lastEvent = total > 0 ? (await queryEvents(ledgerDir, { tenant, reverse: true, limit: 1 })).events[0] : undefined;

  const admissions = (await newest('tenant.admitted')).map(toAdmission);
  const syntheses = (await newest('tenant.synthesized')).map(toSynth);
  const checks = (await newest('tenant.checked')).map(toCheck);
  const datasets = toDatasets(await newest('dataset.generated'), await newest('dataset.deleted', Infinity));
  const runs = await readRuns(newest, limit, disregard);
  const exports = await readExports(newest, limit, disregard, options.people);
  const lifecycle = (await Promise.all(LIFECYCLE_TYPES.map((t) => newest(t)))).flat().sort((a, b) => a.seq - b.seq);
  const waivers = [...(await newest('waiver.granted')), ...(await newest('waiver.expired'))].sort((a, b) => a.seq - b.seq);
  // Every read above is done: what they set aside is complete.
  const refusals = refused.sort((a, b) => a.seq - b.seq);
  return {
    tenant,
    counts,
    total,
    ...(lastEvent && { last: ref(lastEvent) }),
    admissions: listed(admissions, 'tenant.admitted'),
    syntheses: listed(syntheses, 'tenant.synthesized'),
    checks: listed(checks, 'tenant.checked'),
    datasets: listed(datasets, 'dataset.generated'),
    runs: listed(runs, 'model.run.started'),
    exports: listed(exports, 'export.requested'),
    lifecycle: listed(lifecycle.slice(-limit).map(toLifecycle), LIFECYCLE_TYPES),
    waivers: listed(waivers.slice(-limit).map(toWaiver), ['waiver.granted', 'waiver.expired']),
    refusals: { items: refusals.slice(-limit).map((e) => toRefusal(e, disregarded.get(e))), total: refusals.length },
  };
}

function toRefusal(e: LedgerEvent, disregarded: string | undefined): RefusalRecord {
  const reason = disregarded === undefined ? text(e, 'reason') : `disregarded: ${disregarded}`;
  return defined({ ...ref(e), type: e.type, reason, requestedAs: text(e, 'requestedAs') });
}

type Newest = (type: EventType, bound?: number, since?: string) => Promise<LedgerEvent[]>;
type Disregard = (steps: readonly Disregarded[]) => void;

export function ref(e: LedgerEvent): EventRef {
  return {
    seq: e.seq,
    time: e.time,
    hash: e.hash,
    outcome: e.outcome,
    actor: e.actor.id,
    ...(e.actor.role !== undefined && { actorRole: e.actor.role }),
    ...(e.actor.onBehalfOf !== undefined && { onBehalfOf: e.actor.onBehalfOf }),
  };
}

function detail(e: LedgerEvent, key: string): JsonValue | undefined {
  return e.details?.[key];
}

function text(e: LedgerEvent, key: string): string | undefined {
  const v = detail(e, key);
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function count(e: LedgerEvent, key: string): number | undefined {
  const v = detail(e, key);
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

function objectsOf(e: LedgerEvent, kind: string): FileRef[] {
  return (e.objects ?? []).filter((o) => o.kind === kind).map((o) => ({ id: o.id, ...(o.sha256 !== undefined && { sha256: o.sha256 }) }));
}

function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

function toAdmission(e: LedgerEvent): AdmissionRecord {
  const start = text(e, 'periodStart');
  const end = text(e, 'periodEnd');
  return defined({
    ...ref(e),
    planSha256: e.objects?.find((o) => o.kind === 'plan')?.sha256,
    planFile: text(e, 'planFile'),
    profile: text(e, 'profile'),
    riskClass: text(e, 'riskClass'),
    period: start || end ? `${start ?? '?'} – ${end ?? '?'}` : undefined,
  });
}

function toSynth(e: LedgerEvent): SynthRecord {
  return defined({ ...ref(e), fingerprint: text(e, 'fingerprint'), engines: text(e, 'engines'), resources: text(e, 'resources'), artifacts: objectsOf(e, 'artifact').length });
}

function toCheck(e: LedgerEvent): CheckRecord {
  return defined({
    ...ref(e),
    fingerprint: e.objects?.find((o) => o.kind === 'environment')?.sha256,
    errors: count(e, 'errors'),
    warnings: count(e, 'warnings'),
    notes: count(e, 'notes'),
    waived: count(e, 'waived'),
    waivers: text(e, 'waivers'),
  });
}

function toDatasets(generated: readonly LedgerEvent[], deleted: readonly LedgerEvent[]): DatasetRecord[] {
  const deletions = new Map<string, LedgerEvent>();
  for (const d of deleted) for (const o of d.objects ?? []) if (o.kind === 'dataset') deletions.set(`${o.id} ${o.sha256 ?? ''}`, d);
  return generated.map((e) => {
    const object = e.objects?.find((o) => o.kind === 'dataset');
    const id = object?.id ?? `${text(e, 'profile') ?? '?'}@${text(e, 'seed') ?? '?'}`;
    const sha256 = object?.sha256 ?? e.ai?.datasetSha256;
    const deletion = deletions.get(`${id} ${sha256 ?? ''}`);
    return defined({
      ...ref(e),
      id,
      sha256,
      classification: object?.classification,
      profile: text(e, 'profile'),
      seed: count(e, 'seed'),
      patients: count(e, 'patients'),
      resources: count(e, 'resources'),
      generatorVersion: text(e, 'generatorVersion'),
      deleted: deletion ? defined({ ...ref(deletion), reason: text(deletion, 'reason') }) : undefined,
    });
  });
}

/**
 * The steps the reducers disregarded. A bounded read starts at the newest first steps, so a later
 * step of an older run or request is missing its first step by design, not by anyone's doing.
 */
function disregardedAmong(steps: readonly Disregarded[], firsts: readonly LedgerEvent[], idOf: (e: LedgerEvent) => string | undefined, bounded: boolean): Disregarded[] {
  if (!bounded) return [...steps];
  const read = new Set(firsts.map(idOf));
  return steps.filter((d) => read.has(idOf(d.event)));
}

const bySeq = (a: LedgerEvent, b: LedgerEvent) => a.seq - b.seq;

async function readRuns(newest: Newest, limit: number, disregard: Disregard): Promise<RunRecord[]> {
  const started = await newest('model.run.started');
  // A bounded read pairs the newest starts with the finishes recorded since the oldest of them.
  const finished = limit === Infinity ? await newest('model.run.finished') : started.length > 0 ? await newest('model.run.finished', limit * PAIRING_SLACK, started[0]!.time) : [];
  const { runs, disregarded } = reduceRuns([...started, ...finished].sort(bySeq));
  disregard(disregardedAmong(disregarded, started, runIdOf, limit !== Infinity));
  return runs.map(({ runId, started: s, finished: f }) =>
    defined({
      runId,
      started: ref(s),
      finished: f ? ref(f) : undefined,
      command: text(s, 'command'),
      network: text(s, 'network'),
      datasets: objectsOf(s, 'dataset'),
      datasetSha256: s.ai?.datasetSha256 ?? f?.ai?.datasetSha256,
      modelDigest: s.ai?.modelDigest ?? f?.ai?.modelDigest,
      exitCode: f ? count(f, 'exitCode') : undefined,
      durationMs: f ? count(f, 'durationMs') : undefined,
      outputsSha256: f?.ai?.outputsSha256,
      outputs: f ? objectsOf(f, 'output') : [],
    }),
  );
}

async function readExports(newest: Newest, limit: number, disregard: Disregard, people: readonly PlanPerson[] | undefined): Promise<ExportRecord[]> {
  const requested = await newest('export.requested');
  if (limit !== Infinity && requested.length === 0) return [];
  const since = limit === Infinity ? undefined : requested[0]!.time;
  const bound = limit === Infinity ? Infinity : limit * PAIRING_SLACK;
  const later = (await Promise.all((['export.approved', 'export.rejected', 'export.released'] as const).map((t) => newest(t, bound, since)))).flat();
  const { requests, disregarded } = reduceExports([...requested, ...later].sort(bySeq), people);
  disregard(disregardedAmong(disregarded, requested, requestIdOf, limit !== Infinity));
  return requests.map(({ requestId, requested: r, decision: d, release: x }) =>
    defined({
      requestId,
      runId: text(r, 'runId'),
      requested: ref(r),
      files: objectsOf(r, 'file'),
      decision: d ? defined({ ...ref(d), kind: d.type === 'export.approved' ? ('approved' as const) : ('rejected' as const), reason: text(d, 'reason') }) : undefined,
      released: x ? defined({ ...ref(x), destination: text(x, 'destination') }) : undefined,
    }),
  );
}

function toLifecycle(e: LedgerEvent): LifecycleRecord {
  return defined({
    ...ref(e),
    type: e.type,
    reason: text(e, 'reason'),
    previousStatus: text(e, 'previousStatus'),
    exitReportSha256: text(e, 'exitReportSha256'),
    removedResources: count(e, 'removedResources'),
  });
}

function toWaiver(e: LedgerEvent): WaiverRecord {
  return defined({
    ...ref(e),
    type: e.type as WaiverRecord['type'],
    rule: text(e, 'rule'),
    resource: e.objects?.find((o) => o.kind === 'resource')?.id,
    reason: text(e, 'reason'),
    expires: text(e, 'expires'),
  });
}
