import { h, type Html } from '../html.ts';
import type { DatasheetView } from '../build-evidence.ts';
import type { DatasetSection } from '../evidence-model.ts';
import { facts, hash, list, table, time } from './format.ts';

const pp = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

/** Each dataset: what the plan asked, what the build holds, what the ledger recorded, and its datasheet. */
export function renderDatasets(datasets: readonly DatasetSection[], options: { readonly withDatasheet: boolean }): Html {
  if (datasets.length === 0) return h`<p class="muted">No dataset is planned, generated or recorded for this tenant.</p>`;
  return h`${datasets.map((d) => renderDataset(d, options.withDatasheet))}`;
}

function renderDataset(d: DatasetSection, withDatasheet: boolean): Html {
  const files = d.files;
  const recorded = d.recorded;
  const matches = files && recorded?.sha256 ? files.manifestSha256 === recorded.sha256 : undefined;
  const rows: [string, string | Html][] = [
    ['seed / patients', `${d.seed ?? '?'} / ${d.patients ?? '?'}`],
    ['classification', d.classification ?? '?'],
    ['manifest sha256 (build)', files ? hash(files.manifestSha256, 64) : h`<span class="warn">not in the build directory</span>`],
    ['recorded in the ledger', recorded ? h`${time(recorded.time)} (seq ${recorded.seq}), sha256 ${hash(recorded.sha256, 64)}` : h`<span class="warn">no dataset.generated event</span>`],
  ];
  if (matches !== undefined) rows.push(['build matches ledger', matches ? h`<span class="ok">yes</span>` : h`<span class="bad">no: the files differ from the recorded dataset</span>`]);
  if (recorded?.deleted) rows.push(['deleted', h`${time(recorded.deleted.time)} (seq ${recorded.deleted.seq}): ${recorded.deleted.reason ?? ''}`]);
  if (files) rows.push(['resources', Object.entries(files.resources).map(([t, n]) => `${t} ${n}`).join(', ') || '–']);
  return h`<h3 id="dataset-${d.profile}">${d.profile}</h3>${facts(rows)}${withDatasheet && files?.datasheet ? renderDatasheet(files.datasheet) : files && !files.datasheet ? h`<p class="bad">No datasheet.json beside this dataset.</p>` : ''}`;
}

export function renderDatasheet(s: DatasheetView): Html {
  return h`
<h4>${s.title}</h4>
${facts(s.origin.map(([k, v]) => [k, v] as const))}
<p><strong>Intended use.</strong> ${s.intendedUse}</p>
<p><strong>Preparation</strong></p>${list(s.preparation)}
<p><strong>Assumptions</strong></p>${list(s.assumptions)}
<p><strong>Known gaps</strong></p>${list(s.knownGaps)}
${s.largestDeviation ? h`<p><strong>Largest deviation from the reference:</strong> ${s.largestDeviation}.</p>` : ''}
${s.tables.map(
  (t) => h`<h4>${t.title}${t.source ? h` <span class="muted">(${t.source})</span>` : ''}</h4>${
    t.kind === 'prevalence'
      ? table(['group', { text: 'patients', num: true }, { text: 'with condition', num: true }, { text: 'dataset %', num: true }, { text: 'reference %', num: true }, { text: 'difference (pp)', num: true }], t.rows.map((r) => [r.group, r.patients ?? 0, r.count, r.dataset.toFixed(2), r.reference.toFixed(2), pp(r.differencePp)]))
      : table(['group', { text: 'n', num: true }, { text: 'dataset %', num: true }, { text: 'reference %', num: true }, { text: 'difference (pp)', num: true }], t.rows.map((r) => [r.group, r.count, r.dataset.toFixed(2), r.reference.toFixed(2), pp(r.differencePp)]))
  }`,
)}
<p><strong>Sources</strong></p>${list(s.sources)}`;
}
