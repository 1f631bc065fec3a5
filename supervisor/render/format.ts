import { h, join, type Html } from '../html.ts';
import type { EventRef } from '../ledger-evidence.ts';

/** Small formatting pieces shared by the evidence report and the web UI. */

export type People = ReadonlyMap<string, { readonly name: string; readonly role: string }>;

export const NO_PEOPLE: People = new Map();

export function peopleOf(people: readonly { id: string; name: string; role: string }[] | undefined): People {
  return new Map((people ?? []).map((p) => [p.id, { name: p.name, role: p.role }]));
}

/** RFC 3339 as recorded, made readable without reinterpreting it (no time zone conversion). */
export function time(iso: string | undefined): string {
  if (!iso) return '–';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function hash(value: string | undefined, length = 16): Html {
  if (!value) return h`<span class="muted">–</span>`;
  return h`<code class="hash" title="${value}">${value.length > length ? `${value.slice(0, length)}…` : value}</code>`;
}

export function fullHash(value: string | undefined): Html {
  return value ? h`<code class="hash">${value}</code>` : h`<span class="muted">–</span>`;
}

export function actor(id: string | undefined, people: People, role?: string): Html {
  if (!id) return h`<span class="muted">–</span>`;
  const person = people.get(id);
  if (person) return h`${person.name} <span class="muted">(${id}, ${person.role})</span>`;
  return h`<code>${id}</code>${role ? h` <span class="muted">(${role})</span>` : ''}`;
}

export function eventCell(e: EventRef | undefined, people: People): Html {
  if (!e) return h`<span class="muted">–</span>`;
  return h`${time(e.time)}<br><span class="muted">seq ${e.seq} · </span>${actor(e.actor, people, e.actorRole)}${e.onBehalfOf ? h` <span class="muted">for ${e.onBehalfOf}</span>` : ''}`;
}

export function facts(rows: readonly (readonly [string, string | Html])[]): Html {
  return h`<dl class="facts">${rows.map(([k, v]) => h`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

export function list(items: readonly (string | Html)[]): Html {
  return items.length === 0 ? h`<p class="muted">none</p>` : h`<ul>${items.map((i) => h`<li>${i}</li>`)}</ul>`;
}

export function table(headers: readonly (string | { text: string; num: true })[], rows: readonly (readonly (string | number | Html)[])[], options: { rowClass?: (i: number) => string | undefined } = {}): Html {
  const head = headers.map((x) => (typeof x === 'string' ? h`<th>${x}</th>` : h`<th class="num">${x.text}</th>`));
  const body = rows.map((cells, i) => {
    const cls = options.rowClass?.(i);
    const tds = cells.map((c) => (typeof c === 'number' ? h`<td class="num">${c}</td>` : h`<td>${c}</td>`));
    return cls ? h`<tr class="${cls}">${tds}</tr>` : h`<tr>${tds}</tr>`;
  });
  return h`<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function okBad(ok: boolean, yes: string, no: string): Html {
  return ok ? h`<span class="ok">${yes}</span>` : h`<span class="bad">${no}</span>`;
}

export function sentence(parts: readonly (Html | string)[]): Html {
  return join(parts.map((p) => (typeof p === 'string' ? h`${p}` : p)), h` `);
}

/** Plain text in which `backticks` mark commands and fields, as regulation.md writes them. */
export function prose(text: string): Html {
  return join(text.split('`').map((part, i) => (i % 2 === 1 ? h`<code>${part}</code>` : h`${part}`)));
}
