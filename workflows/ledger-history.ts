import { existsSync } from 'node:fs';
import { queryEvents, type EventType, type JsonValue, type LedgerEvent } from '../audit/index.ts';

/**
 * A tenant's runs and export requests, read back from the ledger: the ledger is the source of
 * truth (files under build/ are mirrors a person could edit). Only events with outcome success
 * change state; `denied` and `failure` attempts stay in the history but never approve anything.
 */

/** All of a tenant's events of these types, oldest first; none while the ledger does not exist yet. */
export async function tenantEvents(ledgerDir: string, tenant: string, types: readonly EventType[]): Promise<LedgerEvent[]> {
  if (!existsSync(ledgerDir)) return [];
  const pages = await Promise.all(types.map((type) => queryEvents(ledgerDir, { tenant, type, limit: Infinity })));
  return pages.flatMap((p) => p.events).sort((a, b) => a.seq - b.seq);
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export interface RunHistory {
  readonly runId: string;
  readonly actor: string;
  readonly command: string;
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

export const RUN_EVENT_TYPES = ['model.run.started', 'model.run.finished'] as const satisfies readonly EventType[];

export function runsFromEvents(events: readonly LedgerEvent[]): RunHistory[] {
  const runs = new Map<string, RunHistory>();
  for (const e of events) {
    if (e.outcome === 'denied') continue;
    const runId = text(e.details?.runId);
    if (!runId) continue;
    if (e.type === 'model.run.started') {
      runs.set(runId, {
        runId,
        actor: e.actor.id,
        command: text(e.details?.command) ?? '',
        startedAt: e.time,
        startedSeq: e.seq,
        datasetSha256: e.ai?.datasetSha256 ?? null,
        modelDigest: e.ai?.modelDigest ?? null,
        finished: null,
      });
    } else if (e.type === 'model.run.finished') {
      const run = runs.get(runId);
      if (!run) continue;
      runs.set(runId, {
        ...run,
        finished: {
          at: e.time,
          seq: e.seq,
          exitCode: num(e.details?.exitCode) ?? null,
          durationMs: num(e.details?.durationMs) ?? null,
          outputs: num(e.details?.outputs) ?? 0,
          outputsSha256: e.ai?.outputsSha256 ?? null,
          files: (e.objects ?? []).filter((o) => o.kind === 'output').map((o) => ({ path: o.id, sha256: o.sha256 ?? null })),
        },
      });
    }
  }
  return [...runs.values()];
}

export type ExportState = 'pending' | 'approved' | 'released' | 'rejected';

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

export const EXPORT_EVENT_TYPES = ['export.requested', 'export.approved', 'export.rejected', 'export.released'] as const satisfies readonly EventType[];

export function exportsFromEvents(events: readonly LedgerEvent[]): ExportHistory[] {
  const requests = new Map<string, ExportHistory>();
  for (const e of events) {
    if (e.outcome !== 'success') continue;
    const requestId = text(e.details?.requestId);
    if (!requestId) continue;
    const request = requests.get(requestId);
    if (e.type === 'export.requested') {
      if (request) continue;
      requests.set(requestId, {
        requestId,
        runId: text(e.details?.runId) ?? '',
        state: 'pending',
        requestedBy: e.actor.id,
        requestedAt: e.time,
        requestSeq: e.seq,
        reason: text(e.details?.reason) ?? null,
        files: (e.objects ?? []).filter((o) => o.kind === 'file' && o.sha256).map((o) => ({ id: o.id, sha256: o.sha256! })),
        decision: null,
        release: null,
      });
    } else if (!request) {
      continue;
    } else if ((e.type === 'export.approved' || e.type === 'export.rejected') && request.state === 'pending') {
      requests.set(requestId, {
        ...request,
        state: e.type === 'export.approved' ? 'approved' : 'rejected',
        decision: { by: e.actor.id, at: e.time, seq: e.seq, reason: text(e.details?.reason) ?? '' },
      });
    } else if (e.type === 'export.released' && request.state === 'approved') {
      requests.set(requestId, { ...request, state: 'released', release: { at: e.time, seq: e.seq, destination: text(e.details?.destination) ?? '' } });
    }
  }
  return [...requests.values()];
}

export async function tenantRuns(ledgerDir: string, tenant: string): Promise<RunHistory[]> {
  return runsFromEvents(await tenantEvents(ledgerDir, tenant, RUN_EVENT_TYPES));
}

export async function tenantExports(ledgerDir: string, tenant: string): Promise<ExportHistory[]> {
  return exportsFromEvents(await tenantEvents(ledgerDir, tenant, EXPORT_EVENT_TYPES));
}
