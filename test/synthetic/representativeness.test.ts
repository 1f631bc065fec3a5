import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Datasheet, generateDataset, loadDatasetProfile } from '../../synthetic/index.ts';
import { freshDir, readNdjson } from './helpers.ts';

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
