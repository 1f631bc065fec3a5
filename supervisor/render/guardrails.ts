import { h, type Html } from '../html.ts';
import type { EvidenceReport } from '../evidence-model.ts';
import { time, table } from './format.ts';

type Guardrails = NonNullable<EvidenceReport['guardrails']>;

/** Guardrail results: every finding with its legal references; waived findings stay listed, marked. */
export function renderGuardrails(g: Guardrails | null, options: { readonly withCatalog: boolean }): Html {
  if (!g) return h`<p class="warn">No guardrail results are in the build directory (findings.json): run <code>sandbox up</code>.</p>`;
  const s = g.summary;
  const findings = [...g.findings].sort((a, b) => Number(!!a.waiver) - Number(!!b.waiver) || severityRank(a.severity) - severityRank(b.severity) || a.ruleId.localeCompare(b.ruleId));
  const summary = h`<p><span class="${s.errors > 0 ? 'bad' : 'ok'}">${s.errors} error(s)</span>, <span class="${s.warnings > 0 ? 'warn' : ''}">${s.warnings} warning(s)</span>, ${s.notes} note(s), ${s.waived} waived${g.artifactsChecked !== undefined ? h` over ${g.artifactsChecked} artifact(s)` : ''}${g.lastCheck ? h`; last check recorded in the ledger at ${time(g.lastCheck.time)} (seq ${g.lastCheck.seq})` : ''}.</p>`;
  const rows = findings.map((f) => [
    h`<code>${f.ruleId}</code>`,
    f.waiver ? h`${f.severity} <span class="badge">waived</span>` : f.expiredWaiver ? h`${f.severity} <span class="badge bad">waiver expired</span>` : f.severity,
    h`<code>${f.resource}</code><br><span class="muted">${f.file}</span>`,
    f.message,
    f.references.join('; '),
    f.waiver ? h`${f.waiver.reason}<br><span class="muted">approved by ${f.waiver.approver || '?'}, expires ${f.waiver.expires || '?'}</span>` : f.expiredWaiver ? h`<span class="muted">expired ${f.expiredWaiver.expires}: ${f.expiredWaiver.reason}</span>` : '–',
  ]);
  const catalog =
    options.withCatalog && g.rules.length > 0
      ? h`<h3>Guardrail catalog (${g.rules.length} rules)</h3>${table(['rule', 'asserts', 'severity', 'supports', { text: 'findings', num: true }], g.rules.map((r) => [h`<code>${r.id}</code>`, r.title, r.severity, r.citations.join('; '), g.findings.filter((f) => f.ruleId === r.id).length]))}`
      : '';
  return h`${summary}${findings.length === 0 ? h`<p class="ok">No finding: no guardrail reported a problem.</p>` : table(['rule', 'severity', 'resource', 'finding', 'supports (legal references)', 'waiver'], rows, { rowClass: (i) => (findings[i]!.waiver ? 'waived' : undefined) })}${catalog}`;
}

function severityRank(s: string): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : 2;
}
