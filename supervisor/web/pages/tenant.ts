import type { EvidenceReport } from '../../evidence-model.ts';
import { h, type Html } from '../../html.ts';
import { renderDatasets } from '../../render/datasets.ts';
import { renderExports } from '../../render/exports.ts';
import { facts, fullHash, peopleOf } from '../../render/format.ts';
import { renderGuardrails } from '../../render/guardrails.ts';
import { renderLifecycle, renderRefusals, renderWaiverEvents } from '../../render/ledger.ts';
import { renderPlan } from '../../render/plan.ts';
import { renderRuns } from '../../render/runs.ts';
import { tenantPath, uiPage } from '../layout.ts';
import type { TimelinePage } from '../timeline.ts';
import type { VerificationState } from '../verification-cache.ts';
import { eventTable } from './event-table.ts';
import { integrity } from './verification-summary.ts';

export interface TenantPageModel {
  /** Built with bounded lists (the newest `listed` of each kind). */
  readonly report: EvidenceReport;
  readonly recent: TimelinePage;
  readonly verification: VerificationState;
  readonly hasEvidenceReport: boolean;
}

export function tenantPage(m: TenantPageModel): string {
  const r = m.report;
  const people = peopleOf(r.plan?.people);
  const counts = r.ledger.tenantCounts;
  const newest = (shown: number, total: number | undefined, what: string): Html =>
    (total ?? 0) > shown ? h`<p class="muted">The newest ${shown} of ${total} ${what}; the <a href="${tenantPath(r.tenant, '/events')}">timeline</a> lists all.</p>` : h``;
  const g = r.guardrails?.summary;
  return uiPage(
    r.tenant,
    h`<h1>${r.tenant}</h1>
<p class="muted">${r.plan ? h`${r.plan.facts[0]![1]} · status ${r.plan.status}` : 'no valid plan'}</p>
${facts([
  ['ledger', integrity(m.verification)],
  ['events of this tenant', h`${r.ledger.tenantEvents} <a href="${tenantPath(r.tenant, '/events')}">timeline</a>`],
  ['environment fingerprint', r.environment ? fullHash(r.environment.fingerprint) : 'not synthesized'],
  ['guardrail findings', g ? `${g.errors} error(s), ${g.warnings} warning(s), ${g.notes} note(s), ${g.waived} waived` : 'not checked'],
  ['evidence report', m.hasEvidenceReport ? h`<a href="${tenantPath(r.tenant, '/evidence-report.html')}">evidence-report.html</a> (signed JSON beside it in the build directory)` : h`<span class="muted">not written yet (<code>sandbox report ${r.tenant}</code>)</span>`],
])}
<h2 id="recent">Recent events</h2>
${eventTable(m.recent.events, people)}
<p><a href="${tenantPath(r.tenant, '/events')}">All ${m.recent.snapshot} events</a>${m.recent.readsHidden > 0 ? h` (plus ${m.recent.readsHidden} reads of the ledger, <a href="${tenantPath(r.tenant, '/events?reads=1')}">shown on request</a>)` : ''}</p>
<h2 id="plan">Sandbox plan</h2>
${renderPlan(r.plan, { withText: false })}
${r.plan ? h`<details><summary>Plan text (sha256 ${r.plan.sha256.slice(0, 16)}…)</summary><pre>${r.plan.text}</pre></details>` : ''}
<h2 id="guardrails">Guardrail findings</h2>
${renderGuardrails(r.guardrails, { withCatalog: false })}
${renderWaiverEvents(r.waivers, people)}
<h2 id="datasets">Datasets</h2>
${renderDatasets(r.datasets, { withDatasheet: false })}
<h2 id="runs">Model runs</h2>
${newest(r.runs.length, counts['model.run.started'], 'runs')}
${renderRuns([...r.runs].reverse(), people, { withOutputs: false })}
<h2 id="exports">Exports</h2>
${newest(r.exports.length, counts['export.requested'], 'export requests')}
${renderExports([...r.exports].reverse(), people)}
<h2 id="lifecycle">Admission and lifecycle</h2>
${renderLifecycle(r.admissions, r.syntheses, r.lifecycle, people)}
<h2 id="refusals">Refused attempts</h2>
${renderRefusals([...r.refusals].reverse(), people)}`,
  );
}
