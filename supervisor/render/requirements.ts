import { h, type Html } from '../html.ts';
import { prose } from './format.ts';
import type { RequirementEvidence, RequirementStatus } from '../evidence-model.ts';

const STATUS: Record<RequirementStatus, { label: string; cls: string }> = {
  supported: { label: 'evidence supports it', cls: 'ok' },
  attention: { label: 'needs attention', cls: 'bad' },
  pending: { label: 'no evidence yet', cls: 'warn' },
};

/** Each requirement of regulation.md beside the evidence in this report that supports it. */
export function renderRequirements(rows: readonly RequirementEvidence[]): Html {
  return h`
<p>Each row names the evidence in this report that <em>supports</em> a requirement. Whether the sandbox meets the requirement is for the competent authority to judge; the platform only shows what it recorded.</p>
<table><thead><tr><th class="num">#</th><th>requirement (source)</th><th>status</th><th>evidence</th></tr></thead><tbody>
${rows.map(
  (r) => h`<tr id="requirement-${r.number}"><td class="num">${r.number}</td><td>${r.requirement} <span class="muted">(${r.source})</span><br><span class="muted">control: ${prose(r.control)}</span></td><td class="state"><span class="${STATUS[r.status].cls}">${STATUS[r.status].label}</span></td><td><ul>${r.evidence.map((e) => h`<li>${prose(e)}</li>`)}</ul>${
    r.sections.length > 0 ? h`<span class="muted">see: ${r.sections.map((s, i) => h`${i > 0 ? ', ' : ''}<a href="#${s}">${s}</a>`)}</span>` : ''
  }</td></tr>`,
)}
</tbody></table>`;
}
