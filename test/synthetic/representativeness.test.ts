import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDay, parseIsoDay } from '../../synthetic/calendar.ts';
import { type Datasheet, generateDataset, loadDatasetProfile } from '../../synthetic/index.ts';
import { freshDir, readNdjson, type Resource } from './helpers.ts';

const root = freshDir('representativeness');
const sheets = new Map<string, Datasheet>();
let diabetesDir = '';

beforeAll(async () => {
  for (const [profile, patients] of [
    ['diabetes-cohort-nl', 4000],
    ['discharge-letters-nl', 3000],
    ['ed-triage-nl', 4000],
  ] as const) {
    const dir = path.join(root, profile);
    await generateDataset({ profile, patients, seed: 2026, outDir: dir });
    sheets.set(profile, JSON.parse(readFileSync(path.join(dir, 'datasheet.json'), 'utf8')) as Datasheet);
    if (profile === 'diabetes-cohort-nl') diabetesDir = dir;
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const HBA1C = '4548-4';
const GLUCOSE = '14771-0';
const codeOf = (r: Resource): string | undefined => (r.code as { coding: { code: string }[] } | undefined)?.coding[0]?.code;
const valueOf = (o: Resource): number => (o.valueQuantity as { value: number }).value;
const dayOf = (o: Resource): string => (o.effectiveDateTime as string).slice(0, 10);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
// The start of the diabetes-check programme's window (as synthetic/patient-record.ts computes it).
const WINDOW_START = (() => {
  const spec = loadDatasetProfile('diabetes-cohort-nl').document.spec;
  const schedule = spec.encounters.find((e) => e.id === 'dm-check')?.schedule as { windowYears: number };
  return isoDay(parseIsoDay(spec.referenceDate) - Math.round(schedule.windowYears * 365.25));
})();

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const y = ys[i] as number;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

let diabetes: { diabetic: Map<string, string>; observations: Resource[] } | undefined;
/** Diabetic patients with their diagnosis date, and all observations, of the 4 000-patient cohort. */
function diabetesRecords(): { diabetic: Map<string, string>; observations: Resource[] } {
  diabetes ??= {
    diabetic: new Map(
      readNdjson(diabetesDir, 'Condition')
        .filter((c) => codeOf(c) === '44054006')
        .map((c) => [(c.subject as { reference: string }).reference, (c.onsetDateTime as string).slice(0, 10)]),
    ),
    observations: readNdjson(diabetesDir, 'Observation'),
  };
  return diabetes;
}

describe('diabetes-cohort-nl against its reference figures (4 000 patients)', () => {
  it('matches the CBS age × sex mix within 1.5 percentage points per cell, with about 21 % aged 65+', () => {
    const d = sheets.get('diabetes-cohort-nl') as Datasheet;
    for (const row of d.representativeness.ageSex.rows) expect(Math.abs(row.differencePp), row.group).toBeLessThan(1.5);
    const patients = readNdjson(diabetesDir, 'Patient');
    const ref = loadDatasetProfile('diabetes-cohort-nl').document.spec.referenceDate;
    const aged65 = patients.filter((p) => (p.birthDate as string) <= `${Number(ref.slice(0, 4)) - 65}${ref.slice(4)}`).length / patients.length;
    expect(aged65).toBeGreaterThan(0.19);
    expect(aged65).toBeLessThan(0.24);
  });

  it('has a type 2 diabetes prevalence of about 6-7 %, within 1 pp of the Nivel figures at its age mix, rising with age', () => {
    const t2dm = (sheets.get('diabetes-cohort-nl') as Datasheet).representativeness.prevalence.find((p) => p.condition === 't2dm');
    expect(t2dm).toBeDefined();
    expect(Math.abs(t2dm?.overall.differencePp ?? 99)).toBeLessThan(1);
    expect(t2dm?.overall.dataset).toBeGreaterThan(5);
    expect(t2dm?.overall.dataset).toBeLessThan(8.5);
    const byBand = (label: string): number => {
      const rows = t2dm?.rows.filter((r) => r.group.startsWith(`${label} `)) ?? [];
      return rows.reduce((n, r) => n + r.count, 0) / rows.reduce((n, r) => n + r.patients, 0);
    };
    expect(byBand('30-39')).toBeLessThan(byBand('50-59'));
    expect(byBand('50-59')).toBeLessThan(byBand('70-79'));
  });

  it('gives diagnosed patients coherent, correlated values and diabetes medication', () => {
    const conditions = readNdjson(diabetesDir, 'Condition');
    const diabetic = new Set(conditions.filter((c) => (c.code as { coding: { code: string }[] }).coding[0]?.code === '44054006').map((c) => (c.subject as { reference: string }).reference));
    const hba1c = readNdjson(diabetesDir, 'Observation').filter((o) => (o.code as { coding: { code: string }[] }).coding[0]?.code === '4548-4');
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const value = (o: (typeof hba1c)[number]): number => (o.valueQuantity as { value: number }).value;
    const withDm = hba1c.filter((o) => diabetic.has((o.subject as { reference: string }).reference)).map(value);
    const without = hba1c.filter((o) => !diabetic.has((o.subject as { reference: string }).reference)).map(value);
    expect(mean(withDm) - mean(without)).toBeGreaterThan(1);
    const metformin = readNdjson(diabetesDir, 'MedicationRequest').filter((m) => (m.medicationCodeableConcept as { coding: { code: string }[] }).coding[0]?.code === 'A10BA02');
    expect(metformin.length).toBeGreaterThan(0);
    for (const m of metformin) expect(diabetic.has((m.subject as { reference: string }).reference)).toBe(true);
  });

  it('correlates HbA1c with fasting glucose within diabetic patients (r >= 0.5, as in clinical cohorts), not only through the diagnosis', () => {
    const { diabetic, observations } = diabetesRecords();
    const byEncounter = new Map<string, { hba1c?: number; glucose?: number; subject: string }>();
    for (const o of observations) {
      const key = (o.encounter as { reference: string }).reference;
      const entry = byEncounter.get(key) ?? { subject: (o.subject as { reference: string }).reference };
      if (codeOf(o) === HBA1C) entry.hba1c = valueOf(o);
      if (codeOf(o) === GLUCOSE) entry.glucose = valueOf(o);
      byEncounter.set(key, entry);
    }
    const pairs = [...byEncounter.values()].filter((e) => e.hba1c !== undefined && e.glucose !== undefined && diabetic.has(e.subject));
    expect(pairs.length).toBeGreaterThan(500);
    const r = correlation(pairs.map((p) => p.hba1c as number), pairs.map((p) => p.glucose as number));
    expect(r).toBeGreaterThanOrEqual(0.5);
    expect(r).toBeLessThan(0.9);
  });

  it('never shows a diagnostic HbA1c (>= 6.5 %) without the diagnosis or before its date, and measures HbA1c on the diagnosis date', () => {
    const { diabetic, observations } = diabetesRecords();
    const undiagnosed = observations.filter((o) => codeOf(o) === HBA1C && valueOf(o) >= 6.5).filter((o) => {
      const onset = diabetic.get((o.subject as { reference: string }).reference);
      return onset === undefined || dayOf(o) < onset;
    });
    expect(undiagnosed.map((o) => o.id)).toEqual([]);
    const diagnosedInWindow = [...diabetic.entries()].filter(([, onset]) => onset >= WINDOW_START);
    expect(diagnosedInWindow.length).toBeGreaterThan(20);
    for (const [subject, onset] of diagnosedInWindow) {
      expect(observations.some((o) => codeOf(o) === HBA1C && (o.subject as { reference: string }).reference === subject && dayOf(o) === onset), subject).toBe(true);
    }
  });

  it('gives HbA1c a trajectory: newly diagnosed patients start high and come down on treatment; long-standing diabetes drifts up slowly', () => {
    const { diabetic, observations } = diabetesRecords();
    const series = new Map<string, { day: string; value: number }[]>();
    for (const o of observations) {
      const subject = (o.subject as { reference: string }).reference;
      const onset = diabetic.get(subject);
      if (codeOf(o) !== HBA1C || onset === undefined || dayOf(o) < onset) continue;
      series.set(subject, [...(series.get(subject) ?? []), { day: dayOf(o), value: valueOf(o) }]);
    }
    const change = (recent: boolean): number[] =>
      [...series.entries()]
        .filter(([subject, s]) => s.length >= 2 && (diabetic.get(subject) as string) >= WINDOW_START === recent)
        .map(([, s]) => {
          const sorted = [...s].sort((a, b) => a.day.localeCompare(b.day));
          return (sorted[sorted.length - 1] as { value: number }).value - (sorted[0] as { value: number }).value;
        });
    const fresh = change(true);
    const established = change(false);
    expect(fresh.length).toBeGreaterThan(15);
    expect(mean(fresh)).toBeLessThan(-0.5);
    expect(mean(established)).toBeGreaterThan(-0.1);
    expect(mean(established)).toBeLessThan(0.5);
  });

  it('makes centenarians as rare as in the population (about 0.013 %): the oldest ages are split into 90-94, 95-99 and 100-105', () => {
    const d = sheets.get('diabetes-cohort-nl') as Datasheet;
    const hundred = d.representativeness.ageSex.rows.filter((r) => r.group.startsWith('100-105 '));
    expect(hundred.map((r) => r.group)).toEqual(['100-105 male', '100-105 female']);
    expect(hundred.reduce((a, r) => a + r.reference, 0)).toBeLessThan(0.02);
    const ref = loadDatasetProfile('diabetes-cohort-nl').document.spec.referenceDate;
    const born100 = `${Number(ref.slice(0, 4)) - 100}${ref.slice(4)}`;
    const patients = readNdjson(diabetesDir, 'Patient');
    expect(patients.filter((p) => (p.birthDate as string) <= born100).length / patients.length).toBeLessThan(0.001);
  });

  it('calls out the largest deviation of any table', () => {
    const r = (sheets.get('diabetes-cohort-nl') as Datasheet).representativeness;
    const all = [...r.ageSex.rows, ...r.prevalence.flatMap((p) => p.rows.filter((x) => x.patients > 0))];
    const max = Math.max(...all.map((x) => Math.abs(x.differencePp)));
    expect(Math.abs(r.largestDeviation?.differencePp ?? -1)).toBe(max);
  });
});

describe('episode profiles against their case mix', () => {
  it('discharge-letters-nl: case mix within 2.5 pp of the reference although some cases have minimum ages', () => {
    const mix = (sheets.get('discharge-letters-nl') as Datasheet).representativeness.caseMix;
    expect(mix?.rows.length).toBe(7);
    for (const row of mix?.rows ?? []) expect(Math.abs(row.differencePp), row.group).toBeLessThan(2.5);
  });

  it('ed-triage-nl: children have paediatric vital signs (an infant is not measured with adult values)', () => {
    const dir = path.join(root, 'ed-triage-nl');
    const ref = loadDatasetProfile('ed-triage-nl').document.spec.referenceDate;
    const ageAtRef = new Map(readNdjson(dir, 'Patient').map((p) => [`Patient/${p.id}`, Number(ref.slice(0, 4)) - Number((p.birthDate as string).slice(0, 4))]));
    const observations = readNdjson(dir, 'Observation');
    const meanFor = (code: string, ages: (age: number) => boolean, component = -1): number =>
      mean(
        observations
          .filter((o) => codeOf(o) === code && ages(ageAtRef.get((o.subject as { reference: string }).reference) as number))
          .map((o) => (component >= 0 ? (o.component as { valueQuantity: { value: number } }[])[component]?.valueQuantity.value : (o.valueQuantity as { value: number }).value) as number),
      );
    const infant = (age: number): boolean => age <= 1;
    const adult = (age: number): boolean => age >= 25 && age <= 60;
    expect(meanFor('8867-4', infant)).toBeGreaterThan(120);
    expect(meanFor('8867-4', adult)).toBeLessThan(100);
    expect(meanFor('9279-1', infant)).toBeGreaterThan(28);
    expect(meanFor('85354-9', infant, 0)).toBeLessThan(100);
    expect(meanFor('85354-9', adult, 0)).toBeGreaterThan(115);
  });

  it('ed-triage-nl: urgency levels within 2 pp of what the complaint mix implies', () => {
    const acuity = (sheets.get('ed-triage-nl') as Datasheet).representativeness.acuity;
    expect(acuity?.rows.map((r) => r.group.slice(0, 2))).toEqual(['U0', 'U1', 'U2', 'U3', 'U4', 'U5']);
    for (const row of acuity?.rows ?? []) expect(Math.abs(row.differencePp), row.group).toBeLessThan(2);
  });

  it('writes the datasheet in Markdown with the representativeness tables and the largest deviation', () => {
    const md = readFileSync(path.join(root, 'ed-triage-nl', 'datasheet.md'), 'utf8');
    for (const heading of ['## Origin', '## Intended use', '## Preparation', '## Assumptions', '## Known gaps', '## Representativeness', '### Age band × sex', '### Case mix', '**Largest deviation:**']) {
      expect(md).toContain(heading);
    }
  });
});
