import { h, type Html } from '../html.ts';
import type { PlanSection } from '../evidence-model.ts';
import { facts, fullHash, table } from './format.ts';

/** The sandbox plan: the facts it sets, who is in it, and its exact text with the hash of those bytes. */
export function renderPlan(plan: PlanSection | null, options: { readonly withText: boolean }): Html {
  if (!plan) return h`<p class="bad">No valid plan for this tenant was found: the evidence below comes from the build directory and the ledger only.</p>`;
  return h`
${facts([...plan.facts, ['plan file', plan.file], ['sha256', fullHash(plan.sha256)], ['admitted as is', plan.admittedAsIs ? h`<span class="ok">yes: the ledger's tenant.admitted records this hash</span>` : h`<span class="warn">no tenant.admitted event records this exact text</span>`]])}
<h3>People</h3>
${table(['id', 'name', 'role'], plan.people.map((p) => [h`<code>${p.id}</code>`, p.name, p.role]))}
<h3>Datasets requested</h3>
${table(['profile', { text: 'patients', num: true }, { text: 'seed', num: true }, 'classification', 'care setting', 'justification'], plan.datasets.map((d) => [d.profile, d.patients, d.seed, d.classification, d.careSetting, d.justification ?? '–']))}
<h3>Log stores (retention classes)</h3>
${table(['class', { text: 'days', num: true }, 'legal source'], plan.retention.map((r) => [r.name, r.days, r.source]))}
${options.withText ? h`<h3>Plan text</h3><pre>${plan.text}</pre>` : ''}`;
}
