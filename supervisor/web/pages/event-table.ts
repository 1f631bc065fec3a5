import type { LedgerEvent } from '../../../audit/index.ts';
import { h, type Html } from '../../html.ts';
import { actor, hash, table, time, type People } from '../../render/format.ts';

/** Ledger events as timeline rows: every NEN 7513 field the event carries, details in short. */
export function eventTable(events: readonly LedgerEvent[], people: People): Html {
  if (events.length === 0) return h`<p class="muted">No event matches.</p>`;
  return table(
    [{ text: 'seq', num: true }, 'time', 'type', 'outcome', 'who (from where)', 'what', 'details', 'hash'],
    events.map((e) => [
      e.seq,
      time(e.time),
      h`<code>${e.type}</code>`,
      e.outcome === 'success' ? e.outcome : h`<span class="bad">${e.outcome}</span>`,
      h`${actor(e.actor.id, people, e.actor.role)}${e.actor.onBehalfOf ? h`<br><span class="muted">for ${e.actor.onBehalfOf}</span>` : ''}${e.actor.accessPoint ? h`<br><span class="muted">${e.actor.accessPoint}</span>` : ''}`,
      h`${(e.objects ?? []).map((o) => h`<code>${o.kind}:${o.id}</code>${o.sha256 ? h` ${hash(o.sha256, 12)}` : ''}<br>`)}`,
      details(e),
      hash(e.hash, 12),
    ]),
  );
}

const MAX_VALUE = 160;
const HASH = /^(sha256:)?[0-9a-f]{64}$/;

function details(e: LedgerEvent): Html {
  const entries = Object.entries(e.details ?? {});
  if (e.ai) entries.push(...Object.entries(e.ai).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [`ai.${k}`, v] as [string, typeof v]));
  if (entries.length === 0) return h`<span class="muted">–</span>`;
  return h`${entries.map(([k, v]) => {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    // Hashes are shown short (in full on hover), so that the table fits a screen.
    const value = HASH.test(text) ? hash(text.replace(/^sha256:/, ''), 16) : text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
    return h`<span class="muted">${k}</span> ${value}<br>`;
  })}`;
}
