import { h, type Html } from '../html.ts';
import type { ExportRecord } from '../ledger-evidence.ts';
import { eventCell, hash, table, type People } from './format.ts';

/** The export airlock: each request, who decided it and why, and what was released. */
export function renderExports(exports: readonly ExportRecord[], people: People): Html {
  if (exports.length === 0) return h`<p class="muted">No export was requested.</p>`;
  const rows = exports.map((e) => {
    const sameperson = e.decision && e.requested && e.decision.actor === e.requested.actor;
    return [
      h`<code>${e.requestId}</code>${e.runId ? h`<br><span class="muted">run ${e.runId}</span>` : ''}`,
      eventCell(e.requested, people),
      h`<ul>${e.files.map((f) => h`<li><code>${f.id}</code> ${hash(f.sha256)}</li>`)}</ul>`,
      e.decision
        ? h`<span class="${e.decision.kind === 'approved' ? 'ok' : 'bad'}">${e.decision.kind}</span> ${eventCell(e.decision, people)}${e.decision.reason ? h`<br>“${e.decision.reason}”` : ''}${sameperson ? h`<br><span class="bad">decided by the requester</span>` : ''}`
        : h`<span class="warn">awaiting a decision</span>`,
      e.released ? h`${eventCell(e.released, people)}<br><code>${e.released.destination ?? ''}</code>` : '–',
    ];
  });
  return table(['request', 'requested', 'files', 'decision', 'released'], rows);
}
