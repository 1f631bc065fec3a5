import { EVENT_TYPES } from '../../../audit/index.ts';
import { h } from '../../html.ts';
import type { People } from '../../render/format.ts';
import { tenantPath, uiPage } from '../layout.ts';
import type { TimelinePage, TimelineRequest } from '../timeline.ts';
import { eventTable } from './event-table.ts';

/** The filter as the user typed it, to fill the form and build page links. */
export interface TimelineFilter {
  readonly type?: string;
  readonly since?: string;
  readonly until?: string;
  readonly reads: boolean;
}

export function timelineHref(tenant: string, filter: TimelineFilter, page?: number, snapshot?: number): string {
  const q = new URLSearchParams();
  if (filter.type) q.set('type', filter.type);
  if (filter.since) q.set('since', filter.since);
  if (filter.until) q.set('until', filter.until);
  if (filter.reads) q.set('reads', '1');
  if (page !== undefined && page > 1) q.set('page', String(page));
  if (snapshot !== undefined) q.set('n', String(snapshot));
  const query = q.toString();
  return tenantPath(tenant, `/events${query ? `?${query}` : ''}`);
}

export function timelinePageHtml(tenant: string, filter: TimelineFilter, request: TimelineRequest, result: TimelinePage, people: People): string {
  const link = (page: number) => timelineHref(tenant, filter, page, result.snapshot);
  const first = (result.page - 1) * request.pageSize + 1;
  const last = first + result.events.length - 1;
  const pager = h`<nav class="pager">
${result.page > 1 ? h`<a href="${link(1)}">« newest</a> <a href="${link(result.page - 1)}" rel="prev">‹ newer</a>` : h`<span class="muted">« newest</span>`}
<span>page ${result.page} of ${result.pages} · events ${result.events.length > 0 ? `${first}–${last}` : '0'} of ${result.snapshot}</span>
${result.page < result.pages ? h`<a href="${link(result.page + 1)}" rel="next">older ›</a> <a href="${link(result.pages)}">oldest »</a>` : h`<span class="muted">oldest »</span>`}
</nav>`;
  return uiPage(
    `${tenant}: timeline`,
    h`<h1><a href="${tenantPath(tenant)}">${tenant}</a>: event timeline</h1>
<form class="filter" method="get" action="${tenantPath(tenant, '/events')}">
<label>type <select name="type"><option value="">all types</option>${EVENT_TYPES.map((t) => (t === filter.type ? h`<option selected>${t}</option>` : h`<option>${t}</option>`))}</select></label>
<label>since (UTC) <input name="since" value="${filter.since ?? ''}" placeholder="2027-01-04 or 2027-01-04T09:00:00Z" size="24"></label>
<label>until (UTC) <input name="until" value="${filter.until ?? ''}" placeholder="2027-06-30" size="24"></label>
<label><span><input type="checkbox" name="reads" value="1"${filter.reads ? h` checked` : ''}> include reads of the ledger</span></label>
<button type="submit">Filter</button>
</form>
${!filter.type && !filter.reads && result.readsHidden > 0 ? h`<p class="muted">${result.readsHidden} reads of this tenant's ledger (<code>ledger.accessed</code>, including this UI's page views) are hidden: <a href="${timelineHref(tenant, { ...filter, reads: true })}">include them</a> or <a href="${timelineHref(tenant, { reads: false, type: 'ledger.accessed' })}">list only them</a>.</p>` : ''}
${result.newer > 0 ? h`<p class="warn">${result.newer} newer matching event(s) since this list was opened: <a href="${timelineHref(tenant, filter)}">show the newest</a>.</p>` : ''}
${pager}
${eventTable(result.events, people)}
${pager}`,
  );
}
