import { queryEvents, type LedgerEvent } from '../../audit/index.ts';

/**
 * One page of a tenant's event timeline, newest first. Pages are cut by position from the oldest
 * event, against a snapshot of the match count taken on the first page (`snapshot`): the ledger
 * only grows, so a page shows the same events however many were appended since (this UI appends
 * one itself on every view), and the page says how many newer ones arrived.
 *
 * Without a type filter the UI's own reads (`ledger.accessed`) are left out unless asked for: the
 * UI appends one for every page view, and shown by default they would bury the events a supervisor
 * came for.
 */

export const READ_TYPE = 'ledger.accessed';

export interface TimelineRequest {
  readonly tenant: string;
  readonly type?: string;
  readonly since?: string;
  readonly until?: string;
  readonly includeReads: boolean;
  /** From 1 (newest). */
  readonly page: number;
  readonly pageSize: number;
  /** The match count the paging started from; default: now. */
  readonly snapshot?: number;
}

export interface TimelinePage {
  /** Newest first. */
  readonly events: readonly LedgerEvent[];
  /** Matches when paging started: what the page numbers count. */
  readonly snapshot: number;
  /** Matches appended since the snapshot. */
  readonly newer: number;
  readonly page: number;
  readonly pages: number;
  /** Reads left out of this view (0 when shown or filtered by type). */
  readonly readsHidden: number;
}

export async function timelinePage(ledgerDir: string, request: TimelineRequest): Promise<TimelinePage> {
  const base = { tenant: request.tenant, ...(request.since !== undefined && { since: request.since }), ...(request.until !== undefined && { until: request.until }) };
  const hideReads = request.type === undefined && !request.includeReads;
  const query = { ...base, ...(request.type !== undefined && { type: request.type }), ...(hideReads && { excludeTypes: [READ_TYPE] }) };
  const [current, readsHidden] = await Promise.all([
    queryEvents(ledgerDir, { ...query, limit: 0 }).then((r) => r.total),
    hideReads ? queryEvents(ledgerDir, { ...base, type: READ_TYPE, limit: 0 }).then((r) => r.total) : 0,
  ]);
  const snapshot = request.snapshot !== undefined && request.snapshot <= current ? request.snapshot : current;
  const pages = Math.max(1, Math.ceil(snapshot / request.pageSize));
  const page = Math.min(Math.max(1, request.page), pages);
  const end = snapshot - (page - 1) * request.pageSize;
  const start = Math.max(0, end - request.pageSize);
  const events = end > start ? (await queryEvents(ledgerDir, { ...query, offset: start, limit: end - start })).events : [];
  return { events: events.reverse(), snapshot, newer: current - snapshot, page, pages, readsHidden };
}
