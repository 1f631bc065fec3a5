import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ageOn, parseIsoDay } from '../../synthetic/calendar.ts';
import { type DatasetProfile, generateDataset, loadDatasetProfile, loadDatasetProfileFile } from '../../synthetic/index.ts';
import { DATASET_PROFILES_DIR } from '../../tenancy/paths.ts';
import { freshDir, readNdjson, RESOURCE_TYPES, type Resource } from './helpers.ts';

/**
 * Rules every record of every profile keeps, checked over a few thousand patients each (rare
 * cases such as a patient born days before the reference date, or an ED visit that runs past
 * midnight on its last day, only show up at that size).
 */
const PROFILES = [
  ['diabetes-cohort-nl', 3000, 41],
  ['discharge-letters-nl', 3000, 42],
  ['ed-triage-nl', 4000, 43],
  // Only infants, and ED visits within the last four days: most visits that run past midnight have
  // to move back, and a patient born the day before the reference date cannot move at all.
  ['ed-newborns', 3000, 44],
] as const;

const root = freshDir('invariants');
const data = new Map<string, Resource[]>();

/** ed-triage-nl with every age band but 0-1 emptied and a four-day episode window. */
function edNewborns(): DatasetProfile {
  const doc = parse(readFileSync(path.join(DATASET_PROFILES_DIR, 'ed-triage-nl.yaml'), 'utf8')) as {
    metadata: { name: string };
    spec: { population: { ageBands: { label: string; min: number; max: number; male: number; female: number }[] }; encounters: { schedule: Record<string, number> }[] };
  };
  doc.metadata.name = 'ed-newborns';
  for (const band of doc.spec.population.ageBands) if (band.label !== '0-1') [band.male, band.female] = [0, 0];
  (doc.spec.encounters[0] as { schedule: Record<string, number> }).schedule = { episodeWithinYears: 0.01 };
  const file = path.join(root, 'ed-newborns.yaml');
  writeFileSync(file, stringify(doc));
  return loadDatasetProfileFile(file);
}

beforeAll(async () => {
  for (const [name, patients, seed] of PROFILES) {
    const dir = path.join(root, name);
    const profile = name === 'ed-newborns' ? edNewborns() : name;
    await generateDataset({ profile, patients, seed, outDir: dir });
    data.set(name, RESOURCE_TYPES.flatMap((t) => readNdjson(dir, t)));
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const ISO_DATE = /\d{4}-\d{2}-\d{2}/g;
const DUTCH_DATE = /\b(\d{2})-(\d{2})-(\d{4})\b/g;

function noteText(doc: Resource): string {
  return Buffer.from((doc.content as { attachment: { data: string } }[])[0]?.attachment.data ?? '', 'base64').toString('utf8');
}

/** Every calendar date a resource mentions: in its fields (ISO) and in its note text (Dutch DD-MM-YYYY). */
function datesIn(r: Resource): string[] {
  const dates: string[] = [...(JSON.stringify(r).match(ISO_DATE) ?? [])];
  if (r.resourceType === 'DocumentReference') for (const m of noteText(r).matchAll(DUTCH_DATE)) dates.push(`${m[3]}-${m[2]}-${m[1]}`);
  return dates;
}

const instant = (text: string): number => Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);

describe.each(PROFILES)('%s (%i patients): every record', (profile) => {
  const referenceDate = loadDatasetProfile(profile === 'ed-newborns' ? 'ed-triage-nl' : profile).document.spec.referenceDate;
  const all = (): Resource[] => data.get(profile) ?? [];
  const births = (): Map<string, string> => new Map(all().filter((r) => r.resourceType === 'Patient').map((p) => [`Patient/${p.id}`, p.birthDate as string]));

  it('lies before the reference date: birth dates, encounters, observations, prescriptions, notes and the dates their text mentions', () => {
    const late: string[] = [];
    for (const r of all()) for (const d of datesIn(r)) if (d >= referenceDate) late.push(`${r.resourceType}/${r.id}: ${d}`);
    expect(late).toEqual([]);
  });

  it('lies on or after the patient birth date', () => {
    const birth = births();
    const early: string[] = [];
    for (const r of all()) {
      if (r.resourceType === 'Patient') continue;
      const born = birth.get((r.subject as { reference: string }).reference) as string;
      // The letter's own "geboren DD-MM-YYYY" is the birth date itself: fine by this rule.
      for (const d of datesIn(r)) if (d < born) early.push(`${r.resourceType}/${r.id}: ${d} before birth ${born}`);
    }
    expect(early).toEqual([]);
  });

  it('has Encounter.period.start <= end (FHIR per-1), and notes signed no earlier than their encounter starts', () => {
    const encounters = new Map(all().filter((r) => r.resourceType === 'Encounter').map((e) => [`Encounter/${e.id}`, e.period as { start: string; end: string }]));
    const bad: string[] = [];
    for (const [id, p] of encounters) if (instant(p.end) < instant(p.start)) bad.push(`${id}: ${p.start} .. ${p.end}`);
    for (const doc of all().filter((r) => r.resourceType === 'DocumentReference')) {
      const period = encounters.get((doc.context as { encounter: { reference: string }[] }).encounter[0]?.reference ?? '') as { start: string };
      if (instant(doc.date as string) < instant(period.start)) bad.push(`DocumentReference/${doc.id}: ${doc.date as string} before ${period.start}`);
    }
    expect(bad).toEqual([]);
  });

  it('states in every note the age the patient has on the note date', () => {
    const birth = births();
    const notes = all().filter((r) => r.resourceType === 'DocumentReference');
    let checked = 0;
    const wrong: string[] = [];
    for (const doc of notes) {
      const born = birth.get((doc.subject as { reference: string }).reference) as string;
      const expected = ageOn(parseIsoDay(born), parseIsoDay((doc.date as string).slice(0, 10)));
      // The templates' three ways of stating the patient's age (letter, GP note, triage note).
      for (const m of noteText(doc).matchAll(/een (\d+)-jarige|\((\d+) jaar\)|, (\d+) jaar \(/g)) {
        checked++;
        const says = Number(m[1] ?? m[2] ?? m[3]);
        if (says !== expected) wrong.push(`DocumentReference/${doc.id}: says ${says}, is ${expected} (born ${born}, note ${doc.date as string})`);
      }
    }
    if (notes.length > 0) expect(checked).toBeGreaterThanOrEqual(notes.length);
    expect(wrong).toEqual([]);
  });
});
