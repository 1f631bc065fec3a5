import { existsSync } from 'node:fs';
import { queryEvents, type EventType, type JsonValue, type LedgerEvent } from '../audit/index.ts';

/**
 * A tenant's runs and export requests, read back from the ledger: the ledger is the source of
 * truth (files under build/ are mirrors a person could edit). The reducers here are the only
 * reading of that history: the airlock decides with them, and the exit report and the
 * supervisor's evidence report and UI show what they return, so the three never disagree.
 *
 * Only events that record something done change state (`happened`); refused attempts stay in
 * the history but never approve anything. A step that does not fit the state it meets (a
 * second start of a run, a finish without a start, a decision on a request already decided, a
 * release without an approval) is disregarded and returned as such, never applied. So is an
 * export decision by anyone but a data steward of the plan other than the requester, and a
 * release by anyone but the steward who approved (AI Act Art. 59(1)(e), EHDS Art. 73(2)): an
 * event appended to the ledger by other means than the airlock does not open it.
 */

/** All of a tenant's events of these types, oldest first; none while the ledger does not exist yet. */
export async function tenantEvents(ledgerDir: string, tenant: string, types: readonly EventType[]): Promise<LedgerEvent[]> {
  if (!existsSync(ledgerDir)) return [];
  const pages = await Promise.all(types.map((type) => queryEvents(ledgerDir, { tenant, type, limit: Infinity })));
  return pages.flatMap((p) => p.events).sort((a, b) => a.seq - b.seq);
}

/**
 * Whether an event records something that happened. A refusal is recorded with the type of what
 * was attempted and outcome `denied`; a failed approval (the files changed) with `failure`. For a
 * finished run or a check, `failure` is the result (a non-zero exit, error findings), not a refusal.
 */
export function happened(e: LedgerEvent): boolean {
  if (e.outcome === 'success') return true;
  return e.outcome === 'failure' && (e.type === 'model.run.finished' || e.type === 'tenant.checked');
}

/** An event the reducers did not apply, and why. */
export interface Disregarded {
  readonly event: LedgerEvent;
  readonly why: string;
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function words(value: JsonValue | undefined): string[] | null {
  return Array.isArray(value) && value.every((w) => typeof w === 'string') ? (value as string[]) : null;
}

function num(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export const RUN_EVENT_TYPES = ['model.run.started', 'model.run.finished'] as const satisfies readonly EventType[];

/** A run as the ledger recorded it: its start and, once it ended, its finish. */
export interface RunSteps {
  readonly runId: string;
  readonly started: LedgerEvent;
  readonly finished: LedgerEvent | null;
}

export function runIdOf(e: LedgerEvent): string | undefined {
  return text(e.details?.runId) ?? e.objects?.find((o) => o.kind === 'run')?.id;
}

/** Runs in the order they started, from events oldest first. */
export function reduceRuns(events: readonly LedgerEvent[]): { runs: RunSteps[]; disregarded: Disregarded[] } {
  const runs = new Map<string, RunSteps>();
  const disregarded: Disregarded[] = [];
  for (const e of events) {
    if (!happened(e) || (e.type !== 'model.run.started' && e.type !== 'model.run.finished')) continue;
    const runId = runIdOf(e);
    if (!runId) {
      disregarded.push({ event: e, why: 'it names no run' });
      continue;
    }
    const run = runs.get(runId);
    if (e.type === 'model.run.started') {
      if (run) disregarded.push({ event: e, why: `run ${runId} already started at seq ${run.started.seq}` });
      else runs.set(runId, { runId, started: e, finished: null });
    } else if (!run) {
      disregarded.push({ event: e, why: `run ${runId} has no recorded start` });
    } else if (run.finished) {
      disregarded.push({ event: e, why: `run ${runId} already finished at seq ${run.finished.seq}` });
    } else {
      runs.set(runId, { ...run, finished: e });
    }
  }
  return { runs: [...runs.values()], disregarded };
}

export type ExportState = 'pending' | 'approved' | 'released' | 'rejected';

export const EXPORT_EVENT_TYPES = ['export.requested', 'export.approved', 'export.rejected', 'export.released'] as const satisfies readonly EventType[];

/** An export request as the ledger recorded it, with the decision and release that count. */
export interface ExportSteps {
  readonly requestId: string;
  readonly state: ExportState;
  readonly requested: LedgerEvent;
  readonly decision: LedgerEvent | null;
  readonly release: LedgerEvent | null;
}

/** A person as the plan lists them; the reducers check export decisions against the plan's data stewards. */
export interface PlanPerson {
  readonly id: string;
  readonly role: string;
}

/**
 * Who may decide on exports: the plan's data stewards. Without a plan (a supervisor reading a
 * ledger whose plan is gone) the role the event recorded, which the CLI fills in from the plan
 * of the day, is all there is.
 */
function isDataSteward(e: LedgerEvent, people: readonly PlanPerson[] | undefined): boolean {
  if (!people) return e.actor.role === 'data-steward';
  return people.some((p) => p.id === e.actor.id && p.role === 'data-steward');
}

export function requestIdOf(e: LedgerEvent): string | undefined {
  return text(e.details?.requestId) ?? e.authorisation?.exportRequest ?? undefined;
}

/**
 * Export requests in the order they were made, from events oldest first. `people` is the plan's
 * people (undefined only when there is no plan to read).
 */
export function reduceExports(events: readonly LedgerEvent[], people: readonly PlanPerson[] | undefined): { requests: ExportSteps[]; disregarded: Disregarded[] } {
  const requests = new Map<string, ExportSteps>();
  const disregarded: Disregarded[] = [];
  for (const e of events) {
    if (!happened(e) || !(EXPORT_EVENT_TYPES as readonly string[]).includes(e.type)) continue;
    const requestId = requestIdOf(e);
    if (!requestId) {
      disregarded.push({ event: e, why: 'it names no export request' });
      continue;
    }
    const request = requests.get(requestId);
    if (e.type === 'export.requested') {
      if (request) disregarded.push({ event: e, why: `export request ${requestId} was already made at seq ${request.requested.seq}` });
      else requests.set(requestId, { requestId, state: 'pending', requested: e, decision: null, release: null });
      continue;
    }
    if (!request) {
      disregarded.push({ event: e, why: `export request ${requestId} was never made` });
    } else if (e.type === 'export.released') {
      if (request.release) disregarded.push({ event: e, why: `export request ${requestId} was already released at seq ${request.release.seq}` });
      else if (request.state !== 'approved') disregarded.push({ event: e, why: `export request ${requestId} is ${request.state}, not approved` });
      else if (e.actor.id !== request.decision?.actor.id) disregarded.push({ event: e, why: `${e.actor.id} did not approve export request ${requestId} (${request.decision?.actor.id} did)` });
      else requests.set(requestId, { ...request, state: 'released', release: e });
    } else if (request.state !== 'pending') {
      disregarded.push({ event: e, why: `export request ${requestId} was already ${request.state} at seq ${request.decision?.seq}` });
    } else if (e.actor.id === request.requested.actor.id) {
      disregarded.push({ event: e, why: `${e.actor.id} requested ${requestId} and cannot decide on it` });
    } else if (!isDataSteward(e, people)) {
      disregarded.push({ event: e, why: `${e.actor.id} is not a data steward of the plan` });
    } else {
      requests.set(requestId, { ...request, state: e.type === 'export.approved' ? 'approved' : 'rejected', decision: e });
    }
  }
  return { requests: [...requests.values()], disregarded };
}

export interface RunHistory {
  readonly runId: string;
  readonly actor: string;
  /** The command quoted for a POSIX shell (cut short, with `…`, when it was too long for an event). */
  readonly command: string;
  /** The command's words exactly as passed; null when the ledger holds only their hash (a long command) or predates argv. */
  readonly argv: readonly string[] | null;
  readonly startedAt: string;
  readonly startedSeq: number;
  readonly datasetSha256: string | null;
  readonly modelDigest: string | null;
  /** Null while the run has no `model.run.finished` (it is still running, or the process died). */
  readonly finished: {
    readonly at: string;
    readonly seq: number;
    readonly exitCode: number | null;
    readonly durationMs: number | null;
    readonly outputs: number;
    readonly outputsSha256: string | null;
    readonly files: readonly { readonly path: string; readonly sha256: string | null }[];
  } | null;
}

export function runsFromEvents(events: readonly LedgerEvent[]): RunHistory[] {
  return reduceRuns(events).runs.map(({ runId, started: s, finished: f }) => ({
    runId,
    actor: s.actor.id,
    command: text(s.details?.command) ?? '',
    argv: words(s.details?.argv),
    startedAt: s.time,
    startedSeq: s.seq,
    datasetSha256: s.ai?.datasetSha256 ?? null,
    modelDigest: s.ai?.modelDigest ?? null,
    finished: f && {
      at: f.time,
      seq: f.seq,
      exitCode: num(f.details?.exitCode) ?? null,
      durationMs: num(f.details?.durationMs) ?? null,
      outputs: num(f.details?.outputs) ?? 0,
      outputsSha256: f.ai?.outputsSha256 ?? null,
      files: (f.objects ?? []).filter((o) => o.kind === 'output').map((o) => ({ path: o.id, sha256: o.sha256 ?? null })),
    },
  }));
}

export interface ExportFile {
  /** `runs/<runId>/<path relative to the run's output directory>`, as in the events. */
  readonly id: string;
  readonly sha256: string;
}

export interface ExportHistory {
  readonly requestId: string;
  readonly runId: string;
  readonly state: ExportState;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly requestSeq: number;
  readonly reason: string | null;
  readonly files: readonly ExportFile[];
  readonly decision: { readonly by: string; readonly at: string; readonly seq: number; readonly reason: string } | null;
  readonly release: { readonly at: string; readonly seq: number; readonly destination: string } | null;
}

export function exportsFromEvents(events: readonly LedgerEvent[], people: readonly PlanPerson[] | undefined): ExportHistory[] {
  return reduceExports(events, people).requests.map(({ requestId, state, requested: r, decision: d, release: x }) => ({
    requestId,
    runId: text(r.details?.runId) ?? '',
    state,
    requestedBy: r.actor.id,
    requestedAt: r.time,
    requestSeq: r.seq,
    reason: text(r.details?.reason) ?? null,
    files: (r.objects ?? []).filter((o) => o.kind === 'file' && o.sha256).map((o) => ({ id: o.id, sha256: o.sha256! })),
    decision: d && { by: d.actor.id, at: d.time, seq: d.seq, reason: text(d.details?.reason) ?? '' },
    release: x && { at: x.time, seq: x.seq, destination: text(x.details?.destination) ?? '' },
  }));
}

export async function tenantRuns(ledgerDir: string, tenant: string): Promise<RunHistory[]> {
  return runsFromEvents(await tenantEvents(ledgerDir, tenant, RUN_EVENT_TYPES));
}

export async function tenantExports(ledgerDir: string, tenant: string, people: readonly PlanPerson[]): Promise<ExportHistory[]> {
  return exportsFromEvents(await tenantEvents(ledgerDir, tenant, EXPORT_EVENT_TYPES), people);
}
