import path from 'node:path';
import type { CompiledProfile } from './compiled-profile.ts';
import type { DatasetCounts } from './dataset-stats.ts';
import { MANIFEST_FORMAT } from './manifest.ts';
import type { Shard } from './shard.ts';
import { GENERATOR_NAME, GENERATOR_VERSION } from './version.ts';

/**
 * The datasheet that ships with every dataset (AI Act Art. 10(2)–(4): origin, preparation,
 * assumptions, known gaps, representativeness). It compares the generated cohort with the profile's
 * reference figures cell by cell and names the largest deviation, so a reader sees at once how far
 * sampling noise (or the model) moved the data from the figures it claims to follow.
 */
export interface Datasheet {
  readonly title: string;
  readonly origin: {
    readonly synthetic: true;
    readonly classification: 'synthetic';
    readonly generator: { readonly name: string; readonly version: string };
    readonly profile: { readonly name: string; readonly file: string; readonly sha256: string; readonly description: string; readonly careSetting: string };
    readonly referenceDate: string;
    readonly seed: number;
    readonly patients: number;
    readonly shard: { readonly index: number; readonly count: number; readonly firstPatient: number; readonly patientCount: number };
  };
  readonly intendedUse: string;
  readonly preparation: readonly string[];
  readonly assumptions: readonly string[];
  readonly knownGaps: readonly string[];
  readonly sources: Record<string, { citation: string; year: number; url?: string | undefined; note?: string | undefined }>;
  readonly composition: { readonly patients: number; readonly resources: Record<string, number>; readonly resourcesPerPatient: number };
  readonly representativeness: {
    readonly ageSex: { readonly source: string; readonly rows: readonly ShareRow[] };
    readonly prevalence: readonly PrevalenceTable[];
    readonly caseMix: { readonly source: string; readonly rows: readonly ShareRow[] } | undefined;
    readonly acuity: { readonly rows: readonly ShareRow[] } | undefined;
    readonly largestDeviation: Deviation | undefined;
  };
  /** How manifest.json departs from a bulk-data server's manifest (relative file URLs, extensions). */
  readonly manifestFormat: readonly string[];
  /** Raw integer counts: shard datasheets add up to the whole dataset's. */
  readonly counts: DatasetCounts;
}

export interface ShareRow {
  readonly group: string;
  readonly count: number;
  /** Percentages, rounded to 0.01. */
  readonly dataset: number;
  readonly reference: number;
  readonly differencePp: number;
}

export interface PrevalenceTable {
  readonly condition: string;
  readonly label: string;
  readonly source: string;
  readonly overall: { readonly cases: number; readonly dataset: number; readonly reference: number; readonly differencePp: number };
  readonly rows: readonly (ShareRow & { readonly patients: number })[];
}

export interface Deviation {
  readonly table: string;
  readonly group: string;
  readonly dataset: number;
  readonly reference: number;
  readonly differencePp: number;
  /** The difference in binomial standard errors of the reference proportion at this group's size. */
  readonly standardErrors: number;
}

const SEX_LABEL = ['male', 'female'] as const;
const pct = (x: number): number => Math.round(x * 10000) / 100;

export function buildDatasheet(
  model: CompiledProfile,
  counts: DatasetCounts,
  run: { seed: number; patients: number; shard: Shard; firstPatient: number; resources: Record<string, number> },
): Datasheet {
  const { profile } = model;
  const spec = profile.document.spec;
  const n = counts.patients;
  const deviations: Deviation[] = [];
  const note = (table: string, row: ShareRow, size: number, referenceShare: number): void => {
    const se = size > 0 ? Math.sqrt((referenceShare * (1 - referenceShare)) / size) : 0;
    const diff = row.dataset / 100 - referenceShare;
    deviations.push({
      table,
      group: row.group,
      dataset: row.dataset,
      reference: row.reference,
      differencePp: row.differencePp,
      standardErrors: se > 0 ? Math.round((diff / se) * 100) / 100 : 0,
    });
  };
  const shareRow = (group: string, count: number, total: number, reference: number): ShareRow => {
    const dataset = total > 0 ? count / total : 0;
    return { group, count, dataset: pct(dataset), reference: pct(reference), differencePp: pct(dataset - reference) };
  };

  const ageSexRows = model.bands.flatMap((b, band) =>
    SEX_LABEL.map((sex, s) => {
      const cell = band * 2 + s;
      const ref = model.referenceShares[cell] as number;
      const row = shareRow(`${b.label} ${sex}`, counts.ageSex[cell] ?? 0, n, ref);
      note('age × sex', row, n, ref);
      return row;
    }),
  );

  const prevalence: PrevalenceTable[] = model.conditions.map((c) => {
    const byCell = counts.conditions[c.id] ?? [];
    let cases = 0;
    let standardised = 0;
    const rows = model.bands.flatMap((b, band) =>
      SEX_LABEL.map((sex, s) => {
        const cell = band * 2 + s;
        const patients = counts.ageSex[cell] ?? 0;
        const ref = c.reference[cell] as number;
        cases += byCell[cell] ?? 0;
        // The reference overall prevalence is standardised to the dataset's own age-sex mix, so it
        // measures the condition model and not the sampling of ages.
        standardised += patients * ref;
        const row = { ...shareRow(`${b.label} ${sex}`, byCell[cell] ?? 0, patients, ref), patients };
        if (patients > 0) note(`prevalence ${c.id}`, row, patients, ref);
        return row;
      }),
    );
    const reference = n > 0 ? standardised / n : 0;
    const dataset = n > 0 ? cases / n : 0;
    return {
      condition: c.id,
      label: c.def.label,
      source: c.def.prevalence.source,
      overall: { cases, dataset: pct(dataset), reference: pct(reference), differencePp: pct(dataset - reference) },
      rows,
    };
  });

  let caseMix: Datasheet['representativeness']['caseMix'];
  let acuity: Datasheet['representativeness']['acuity'];
  if (spec.episode && model.cases.length > 0) {
    const total = model.cases.reduce((a, c) => a + c.def.weight, 0);
    const rows = model.cases.map((c) => {
      const ref = c.def.weight / total;
      const row = shareRow(`${c.id} (${c.def.label})`, counts.cases[c.id] ?? 0, n, ref);
      note('case mix', row, n, ref);
      return row;
    });
    caseMix = { source: spec.episode.source, rows };
    if (model.acuity) {
      const expected = model.acuity.levels.map(() => 0);
      for (const c of model.cases) {
        const cum = c.acuityCumulative ?? [];
        const caseTotal = cum[cum.length - 1] ?? 0;
        cum.forEach((v, i) => {
          const w = v - (i > 0 ? (cum[i - 1] as number) : 0);
          expected[i] = (expected[i] as number) + (caseTotal > 0 ? (c.def.weight / total) * (w / caseTotal) : 0);
        });
      }
      acuity = {
        rows: model.acuity.levels.map((l, i) => {
          const row = shareRow(`${l.code} ${l.display}`, counts.acuity[l.code] ?? 0, n, expected[i] as number);
          note('acuity', row, n, expected[i] as number);
          return row;
        }),
      };
    }
  }

  let largest: Deviation | undefined;
  for (const d of deviations) if (!largest || Math.abs(d.differencePp) > Math.abs(largest.differencePp)) largest = d;

  const totalResources = Object.values(run.resources).reduce((a, b) => a + b, 0);
  return {
    title: `Datasheet: ${profile.name} (synthetic)`,
    origin: {
      synthetic: true,
      classification: 'synthetic',
      generator: { name: GENERATOR_NAME, version: GENERATOR_VERSION },
      // A profile read from outside the project is named by its file name only: no absolute paths in datasets.
      profile: { name: profile.name, file: path.isAbsolute(profile.file) ? path.basename(profile.file) : profile.file, sha256: profile.sha256, description: profile.document.metadata.description, careSetting: spec.careSetting },
      referenceDate: spec.referenceDate,
      seed: run.seed,
      patients: run.patients,
      shard: { index: run.shard.index, count: run.shard.count, firstPatient: run.firstPatient, patientCount: n },
    },
    intendedUse: spec.intendedUse,
    preparation: spec.preparation,
    assumptions: spec.assumptions,
    knownGaps: spec.knownGaps,
    sources: spec.sources,
    composition: { patients: n, resources: run.resources, resourcesPerPatient: n > 0 ? Math.round((totalResources / n) * 100) / 100 : 0 },
    representativeness: { ageSex: { source: spec.population.source, rows: ageSexRows }, prevalence, caseMix, acuity, largestDeviation: largest },
    manifestFormat: MANIFEST_FORMAT,
    counts,
  };
}

const fmt = (x: number): string => x.toFixed(2);

/** Patient indices of a shard; a shard of a dataset with fewer patients than shards has none. */
function patientRange(first: number, count: number): string {
  return count > 0 ? `patients ${first} to ${first + count - 1}` : 'no patients: more shards than patients';
}

function shareTable(rows: readonly ShareRow[], countLabel = 'n'): string[] {
  return [
    `| group | ${countLabel} | dataset % | reference % | difference (pp) |`,
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.group} | ${r.count} | ${fmt(r.dataset)} | ${fmt(r.reference)} | ${r.differencePp >= 0 ? '+' : ''}${fmt(r.differencePp)} |`),
  ];
}

export function renderDatasheetMarkdown(d: Datasheet): string {
  const o = d.origin;
  const r = d.representativeness;
  const lines: string[] = [
    `# ${d.title}`,
    '',
    'Every record in this dataset is synthetic: generated from published aggregate figures, not taken, sampled or derived from any real person. Every FHIR resource carries the security label HTEST (test health data).',
    '',
    '## Origin',
    '',
    `- Generator: ${o.generator.name} ${o.generator.version}`,
    `- Profile: ${o.profile.name} (${o.profile.file}, sha256 ${o.profile.sha256})`,
    `- Description: ${o.profile.description}`,
    `- Care setting: ${o.profile.careSetting}; classification: ${o.classification}`,
    `- Reference date: ${o.referenceDate} (every date lies before it and none before the patient's birth; no wall-clock time is used)`,
    `- Seed: ${o.seed}; patients: ${o.patients}; shard ${o.shard.index + 1} of ${o.shard.count} (${patientRange(o.shard.firstPatient, o.shard.patientCount)}${o.shard.count > 1 ? '; the figures below describe this shard only' : ''})`,
    '',
    '## Intended use',
    '',
    d.intendedUse,
    '',
    '## Preparation',
    '',
    ...d.preparation.map((p) => `- ${p}`),
    '',
    '## Assumptions',
    '',
    ...d.assumptions.map((p) => `- ${p}`),
    '',
    '## Known gaps',
    '',
    ...d.knownGaps.map((p) => `- ${p}`),
    '',
    '## Composition',
    '',
    `${d.composition.patients} patients, ${d.composition.resourcesPerPatient} resources per patient:`,
    '',
    '| resource type | count |',
    '|---|---:|',
    ...Object.entries(d.composition.resources).map(([t, c]) => `| ${t} | ${c} |`),
    '',
    '## Representativeness',
    '',
  ];
  if (r.largestDeviation) {
    const x = r.largestDeviation;
    const verdict = Math.abs(x.standardErrors) < 3 ? 'within what sampling noise explains (under 3 standard errors)' : 'larger than sampling noise explains (3 or more standard errors): the model departs from the reference here';
    lines.push(
      `**Largest deviation:** ${x.table}, ${x.group}: ${fmt(x.dataset)} % in the dataset against ${fmt(x.reference)} % in the reference (${x.differencePp >= 0 ? '+' : ''}${fmt(x.differencePp)} percentage points, ${fmt(x.standardErrors)} standard errors), ${verdict}.`,
      '',
    );
  }
  lines.push(`### Age band × sex against the reference population (${r.ageSex.source})`, '', ...shareTable(r.ageSex.rows), '');
  for (const p of r.prevalence) {
    lines.push(
      `### Prevalence of ${p.label} (${p.source})`,
      '',
      `Overall: ${p.overall.cases} patients, ${fmt(p.overall.dataset)} % against ${fmt(p.overall.reference)} % expected from the reference prevalences at this dataset's age-sex mix (${p.overall.differencePp >= 0 ? '+' : ''}${fmt(p.overall.differencePp)} pp).`,
      '',
      '| group | patients | with condition | dataset % | reference % | difference (pp) |',
      '|---|---:|---:|---:|---:|---:|',
      ...p.rows.map((x) => `| ${x.group} | ${x.patients} | ${x.count} | ${fmt(x.dataset)} | ${fmt(x.reference)} | ${x.differencePp >= 0 ? '+' : ''}${fmt(x.differencePp)} |`),
      '',
    );
  }
  if (r.caseMix) lines.push(`### Case mix (${r.caseMix.source})`, '', ...shareTable(r.caseMix.rows), '');
  if (r.acuity) lines.push('### Triage urgency (expected from the case mix)', '', ...shareTable(r.acuity.rows), '');
  lines.push('## Files and manifest', '', ...d.manifestFormat.map((p) => `- ${p}`), '');
  lines.push('## Sources', '', ...Object.entries(d.sources).map(([id, s]) => `- **${id}**: ${s.citation} (${s.year})${s.url ? `, ${s.url}` : ''}${s.note ? `. ${s.note}` : ''}`), '');
  return lines.join('\n');
}
