import { h, type Html } from '../html.ts';
import type { LedgerSection } from '../evidence-model.ts';
import type { AdmissionRecord, LifecycleRecord, RefusalRecord, SynthRecord, WaiverRecord } from '../ledger-evidence.ts';
import { eventCell, facts, fullHash, hash, table, type People } from './format.ts';

/** The ledger's verification result as a supervisor needs it, and the tenant's share of the ledger. */
export function renderLedgerVerification(l: LedgerSection): Html {
  if (!l.available) return h`<p class="bad">The ledger could not be read: ${l.problem ?? 'unknown problem'}.</p>`;
  const verdict = l.ok
    ? h`<span class="ok">intact</span>: every event's hash, the chain, the sequence numbers, ${l.checkpoints} checkpoint signature(s) and the signed head verified`
    : h`<span class="bad">TAMPERED or damaged</span>: first bad event seq ${l.firstBad?.seq ?? '?'} (${l.firstBad?.problem ?? '?'}): ${l.firstBad?.message ?? ''}`;
  return h`
<p>${verdict}.</p>
${facts([
  ['events', String(l.events)],
  ['segments', String(l.segments)],
  ['head (last event)', l.head ? h`seq ${l.head.seq}, hash ${fullHash(l.head.hash)}` : '–'],
  ['public key id', h`${fullHash(l.keyId)} <span class="muted">(SHA-256 of the Ed25519 public key, SPKI DER)</span>`],
  ['events of this tenant', String(l.tenantEvents)],
  ['newest event of this tenant', l.tenantLast ? h`seq ${l.tenantLast.seq} at ${l.tenantLast.time}, hash ${fullHash(l.tenantLast.hash)}` : '–'],
])}
${l.warnings.length > 0 ? h`<p class="warn">Warnings:</p><ul>${l.warnings.map((w) => h`<li>${w}</li>`)}</ul>` : ''}
${Object.keys(l.tenantCounts).length > 0 ? table(['event type', { text: 'events of this tenant', num: true }], Object.entries(l.tenantCounts).map(([type, n]) => [h`<code>${type}</code>`, n])) : ''}`;
}

export function renderLifecycle(admissions: readonly AdmissionRecord[], syntheses: readonly SynthRecord[], lifecycle: readonly LifecycleRecord[], people: People): Html {
  const rows = [
    ...admissions.map((a) => ({ seq: a.seq, cells: [h`<code>tenant.admitted</code>`, eventCell(a, people), h`plan ${hash(a.planSha256)}${a.planFile ? h` <span class="muted">${a.planFile}</span>` : ''}${a.period ? h`<br>period ${a.period}` : ''}`] })),
    ...syntheses.map((s) => ({ seq: s.seq, cells: [h`<code>tenant.synthesized</code>`, eventCell(s, people), h`fingerprint ${hash(s.fingerprint)}<br><span class="muted">${s.resources ?? ''}</span>`] })),
    ...lifecycle.map((e) => ({
      seq: e.seq,
      cells: [
        h`<code>${e.type}</code>`,
        eventCell(e, people),
        h`${e.reason ?? ''}${e.previousStatus ? h` <span class="muted">(was ${e.previousStatus})</span>` : ''}${e.exitReportSha256 ? h`<br>exit report ${hash(e.exitReportSha256)}` : ''}${e.removedResources !== undefined ? h`<br>${e.removedResources} resource(s) removed` : ''}`,
      ],
    })),
  ].sort((a, b) => a.seq - b.seq);
  if (rows.length === 0) return h`<p class="muted">No admission, synthesis or lifecycle event is recorded.</p>`;
  return table(['event', 'when and who', 'what'], rows.map((r) => r.cells));
}

export function renderWaiverEvents(waivers: readonly WaiverRecord[], people: People): Html {
  if (waivers.length === 0) return h``;
  return h`<h3>Waivers in the ledger</h3>${table(['event', 'when and who', 'rule', 'resource', 'reason', 'expires'], waivers.map((w) => [h`<code>${w.type}</code>`, eventCell(w, people), w.rule ?? '?', h`<code>${w.resource ?? '?'}</code>`, w.reason ?? '', w.expires ?? '']))}`;
}

/** What the platform refused to do, who asked and why: the access controls at work. */
export function renderRefusals(refusals: readonly RefusalRecord[], people: People): Html {
  if (refusals.length === 0) return h`<p class="muted">No attempt was refused.</p>`;
  return table(
    ['attempted', 'when and who', 'outcome', 'reason'],
    refusals.map((r) => [h`<code>${r.type}</code>`, h`${eventCell(r, people)}${r.requestedAs ? h`<br><span class="muted">claimed to be ${r.requestedAs}</span>` : ''}`, r.outcome, r.reason ?? '–']),
  );
}
