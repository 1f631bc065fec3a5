import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  combineShards,
  type DatasetManifest,
  GENERATOR_VERSION,
  generateDataset,
  HTEST,
  isDatasetCurrent,
  loadDatasetProfile,
  manifestSha256,
  PSEUDONYM_SYSTEM,
  passesElevenTest,
} from '../../synthetic/index.ts';
import { freshDir, fhirValidator, readNdjson, referencesIn, RESOURCE_TYPES, type Resource } from './helpers.ts';

const PROFILES = ['diabetes-cohort-nl', 'discharge-letters-nl', 'ed-triage-nl'] as const;
const root = freshDir('generate');
const dirs = new Map<string, string>();
const manifests = new Map<string, DatasetManifest>();
const resources = new Map<string, Resource[]>();

beforeAll(async () => {
  for (const profile of PROFILES) {
    const dir = path.join(root, profile);
    manifests.set(profile, await generateDataset({ profile, patients: 150, seed: 11, outDir: dir }));
    dirs.set(profile, dir);
    resources.set(profile, RESOURCE_TYPES.flatMap((t) => readNdjson(dir, t)));
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.each(PROFILES)('%s dataset', (profile) => {
  it('passes the FHIR R4 JSON schema, resource by resource', () => {
    const all = resources.get(profile) ?? [];
    expect(all.length).toBeGreaterThan(150);
    for (const r of all) {
      const validate = fhirValidator(r.resourceType);
      const valid: boolean = validate(r);
      if (!valid) throw new Error(`${r.resourceType}/${r.id} fails the FHIR R4 schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
  });

  it('labels every resource HTEST in meta.security', () => {
    for (const r of resources.get(profile) ?? []) {
      expect((r.meta as { security: unknown[] }).security, `${r.resourceType}/${r.id}`).toContainEqual(HTEST);
    }
  });

  it('resolves every reference to a resource of the same dataset, and ids are unique', () => {
    const all = resources.get(profile) ?? [];
    const ids = new Set(all.map((r) => `${r.resourceType}/${r.id}`));
    expect(ids.size).toBe(all.length);
    for (const r of all) {
      const refs = referencesIn(r);
      for (const ref of refs) expect(ids.has(ref), `${r.resourceType}/${r.id} -> ${ref}`).toBe(true);
      if (r.resourceType !== 'Patient') expect(refs.filter((x) => x.startsWith('Patient/')), `${r.resourceType}/${r.id} has a subject`).toHaveLength(1);
    }
  });

  it('writes a bulk-data manifest whose counts and hashes match the files', () => {
    const dir = dirs.get(profile) as string;
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as DatasetManifest;
    expect(manifest).toEqual(manifests.get(profile));
    const spec = loadDatasetProfile(profile).document.spec;
    expect(manifest.transactionTime).toBe(`${spec.referenceDate}T00:00:00Z`);
    expect(manifest.requiresAccessToken).toBe(false);
    expect(manifest.error).toEqual([]);
    expect(manifest.extension.generator.version).toBe(GENERATOR_VERSION);
    expect(manifest.extension).toMatchObject({ seed: 11, patients: 150, shard: { index: 0, count: 1, firstPatient: 0, patientCount: 150 } });
    expect(manifest.request).toBe(`https://sandbox.example/synthetic/${profile}?patients=150&seed=11`);
    expect(manifest.extension.command).toBe(`sandbox data generate --profile ${profile} --patients 150 --seed 11`);
    for (const o of manifest.output) {
      // Bulk data defines type, url and count per file; what it does not define sits under extension.
      expect(Object.keys(o).sort()).toEqual(['count', 'extension', 'type', 'url']);
      expect(o.url).toBe(`${o.type}.ndjson`);
      const file = path.join(dir, o.url);
      expect(sha256(file)).toBe(o.extension.sha256);
      expect(readFileSync(file).length).toBe(o.extension.size);
      expect(readNdjson(dir, o.type)).toHaveLength(o.count);
    }
    for (const d of manifest.extension.datasheet) expect(sha256(path.join(dir, d.url))).toBe(d.sha256);
    // The departures from a server's bulk-data manifest are explained to the dataset's readers.
    const datasheet = readFileSync(path.join(dir, 'datasheet.md'), 'utf8');
    expect(datasheet).toContain('## Files and manifest');
    expect(datasheet).toMatch(/output\[\]\.url is relative to the directory that holds manifest\.json/);
    expect(readdirSync(dir).sort()).toEqual([...manifest.output.map((o) => o.url), 'datasheet.json', 'datasheet.md', 'manifest.json'].sort());
  });

  it('identifies patients only by secondary pseudonyms on a reserved example domain that fail the BSN eleven-test', () => {
    expect(new URL(PSEUDONYM_SYSTEM).hostname).toMatch(/(^|\.)example$/);
    for (const p of (resources.get(profile) ?? []).filter((r) => r.resourceType === 'Patient')) {
      const identifiers = p.identifier as { use: string; system: string; value: string }[];
      expect(identifiers).toHaveLength(1);
      expect(identifiers[0]?.use).toBe('secondary');
      expect(identifiers[0]?.system).toBe(PSEUDONYM_SYSTEM);
      expect(passesElevenTest(identifiers[0]?.value ?? '')).toBe(false);
    }
  });

  it('codes every GP problem-list condition in SNOMED CT and ICPC-2', () => {
    const problems = (resources.get(profile) ?? []).filter((r) => r.resourceType === 'Condition' && JSON.stringify(r.category).includes('problem-list-item'));
    expect(problems.length).toBeGreaterThan(0);
    for (const c of problems) {
      const systems = (c.code as { coding: { system: string }[] }).coding.map((x) => x.system);
      expect(systems, `Condition/${c.id}`).toEqual(expect.arrayContaining(['http://snomed.info/sct', 'http://hl7.org/fhir/sid/icpc-2']));
    }
  });

  it('never mentions a date after the reference date', () => {
    const limit = loadDatasetProfile(profile).document.spec.referenceDate;
    const text = readdirSync(dirs.get(profile) as string)
      .filter((f) => f.endsWith('.ndjson'))
      .map((f) => readFileSync(path.join(dirs.get(profile) as string, f), 'utf8'))
      .join('\n');
    const dates = text.match(/\d{4}-\d{2}-\d{2}/g) ?? [];
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.filter((d) => d >= limit)).toEqual([]);
  });
});

describe('reproducibility', () => {
  it('pins a small fixed-seed dataset byte for byte (golden hashes; bump GENERATOR_VERSION when they change)', async () => {
    const dir = path.join(root, 'golden');
    const manifest = await generateDataset({ profile: 'discharge-letters-nl', patients: 25, seed: 20260101, outDir: dir });
    expect(Object.fromEntries(manifest.output.map((o) => [o.type, [o.count, o.extension.sha256.slice(0, 16)]]))).toEqual(GOLDEN_OUTPUT);
    expect((await manifestSha256(dir)).slice(0, 16)).toBe(GOLDEN_MANIFEST);
  });

  it('gives identical bytes for the same request and different bytes for another seed', async () => {
    const a = await generateDataset({ profile: 'diabetes-cohort-nl', patients: 40, seed: 3, outDir: path.join(root, 'a') });
    const b = await generateDataset({ profile: 'diabetes-cohort-nl', patients: 40, seed: 3, outDir: path.join(root, 'b') });
    const c = await generateDataset({ profile: 'diabetes-cohort-nl', patients: 40, seed: 4, outDir: path.join(root, 'c') });
    expect(b).toEqual(a);
    expect(await manifestSha256(path.join(root, 'b'))).toBe(await manifestSha256(path.join(root, 'a')));
    expect(c.output.find((o) => o.type === 'Patient')?.extension.sha256).not.toBe(a.output.find((o) => o.type === 'Patient')?.extension.sha256);
  });

  it('concatenating shards 0..N-1 file by file gives exactly the single-run files', async () => {
    const patients = 101;
    const single = path.join(root, 'single');
    const whole = await generateDataset({ profile: 'discharge-letters-nl', patients, seed: 5, outDir: single });
    const shards = [0, 1, 2].map((index) => path.join(root, `shard-${index}`));
    for (const [index, dir] of shards.entries()) {
      const m = await generateDataset({ profile: 'discharge-letters-nl', patients, seed: 5, outDir: dir, shard: { index, count: 3 } });
      expect(m.extension.shard.count).toBe(3);
      expect(m.extension.command).toContain(`--shard ${index}/3`);
      expect(m.request).toContain(`&shard=${index}/3`);
    }
    for (const o of whole.output) {
      const joined = Buffer.concat(shards.map((dir) => readFileSync(path.join(dir, o.url))));
      expect(joined.equals(readFileSync(path.join(single, o.url))), o.url).toBe(true);
    }
    const datasheets = shards.map((dir) => JSON.parse(readFileSync(path.join(dir, 'datasheet.json'), 'utf8')) as { counts: { patients: number } });
    expect(datasheets.reduce((n, d) => n + d.counts.patients, 0)).toBe(patients);

    // combineShards rebuilds the single run's datasheet and manifest too: one dataset, one hash.
    const combined = path.join(root, 'combined');
    expect(await combineShards([...shards].reverse(), combined)).toEqual(whole);
    for (const f of ['manifest.json', 'datasheet.json', 'datasheet.md']) {
      expect(readFileSync(path.join(combined, f)).equals(readFileSync(path.join(single, f))), f).toBe(true);
    }
    expect(await manifestSha256(combined)).toBe(await manifestSha256(single));
    await expect(combineShards([shards[0] as string, shards[2] as string], path.join(root, 'incomplete'))).rejects.toThrow(/shard 1 of 3 is missing/);
    await expect(combineShards([single, shards[1] as string], path.join(root, 'mixed'))).rejects.toThrow(/differs from the first shard in shard count/);
  });
});

describe('text agrees with the coded record', () => {
  it('discharge letters name the admission diagnosis, the measured values and every discharge medication', () => {
    const all = resources.get('discharge-letters-nl') ?? [];
    const byId = new Map(all.map((r) => [`${r.resourceType}/${r.id}`, r]));
    const letters = all.filter((r) => r.resourceType === 'DocumentReference' && (r.type as { coding: { code: string }[] }).coding[0]?.code === '18842-5');
    expect(letters.length).toBe(150);
    for (const letter of letters) {
      const text = Buffer.from((letter.content as { attachment: { data: string } }[])[0]?.attachment.data ?? '', 'base64').toString('utf8');
      const encounterRef = (letter.context as { encounter: { reference: string }[] }).encounter[0]?.reference as string;
      const encounter = byId.get(encounterRef) as Resource;
      const diagnosis = byId.get((encounter.reasonReference as { reference: string }[])[0]?.reference as string) as Resource;
      expect(text).toContain(`wegens ${(diagnosis.code as { text: string }).text}`);
      const ofEncounter = all.filter((r) => (r.encounter as { reference?: string } | undefined)?.reference === encounterRef);
      for (const med of ofEncounter.filter((r) => r.resourceType === 'MedicationRequest')) {
        expect(text).toContain(`- ${(med.medicationCodeableConcept as { text: string }).text}, ${(med.dosageInstruction as { text: string }[])[0]?.text}`);
      }
      const crp = ofEncounter.find((r) => r.resourceType === 'Observation' && (r.code as { coding: { code: string }[] }).coding[0]?.code === '1988-5');
      expect(text).toContain(`CRP ${(crp?.valueQuantity as { value: number }).value} mg/l`);
      const bp = ofEncounter.find((r) => r.resourceType === 'Observation' && (r.code as { coding: { code: string }[] }).coding[0]?.code === '85354-9');
      const [sys, dia] = (bp?.component as { valueQuantity: { value: number } }[]).map((c) => c.valueQuantity.value);
      expect(text).toContain(`bloeddruk ${sys}/${dia} mmHg`);
    }
  });
});

describe('caching and safety of the output directory', () => {
  it('isDatasetCurrent: true for the same request, false for another request or a damaged file', async () => {
    const dir = path.join(root, 'cache');
    const profile = loadDatasetProfile('ed-triage-nl');
    await generateDataset({ profile, patients: 30, seed: 1, outDir: dir });
    expect(await isDatasetCurrent(dir, { profile, patients: 30, seed: 1 })).toBe(true);
    expect(await isDatasetCurrent(dir, { profile: 'ed-triage-nl', patients: 30, seed: 1 })).toBe(true);
    expect(await isDatasetCurrent(dir, { profile: 'discharge-letters-nl', patients: 30, seed: 1 })).toBe(false);
    expect(await isDatasetCurrent(dir, { profile, patients: 30, seed: 2 })).toBe(false);
    expect(await isDatasetCurrent(dir, { profile, patients: 31, seed: 1 })).toBe(false);
    expect(await isDatasetCurrent(dir, { profile, patients: 30, seed: 1, shard: { index: 0, count: 2 } })).toBe(false);
    expect(await isDatasetCurrent(path.join(root, 'nowhere'), { profile, patients: 30, seed: 1 })).toBe(false);

    const observations = path.join(dir, 'Observation.ndjson');
    const original = readFileSync(observations);
    const flipped = Buffer.from(original);
    flipped[10] = flipped[10] === 0x41 ? 0x42 : 0x41;
    writeFileSync(observations, flipped);
    expect(await isDatasetCurrent(dir, { profile, patients: 30, seed: 1 })).toBe(true);
    expect(await isDatasetCurrent(dir, { profile, patients: 30, seed: 1 }, { verify: 'sha256' })).toBe(false);
    truncateSync(observations, 100);
    expect(await isDatasetCurrent(dir, { profile, patients: 30, seed: 1 })).toBe(false);
  });

  it('replaces an earlier dataset but refuses a directory that holds anything else', async () => {
    const dir = path.join(root, 'foreign');
    await generateDataset({ profile: 'ed-triage-nl', patients: 5, seed: 1, outDir: dir });
    await generateDataset({ profile: 'ed-triage-nl', patients: 6, seed: 1, outDir: dir });
    expect(readNdjson(dir, 'Patient')).toHaveLength(6);
    rmSync(path.join(dir, 'manifest.json'));
    await expect(generateDataset({ profile: 'ed-triage-nl', patients: 6, seed: 1, outDir: dir })).rejects.toThrow(/refusing to replace .*foreign.*no manifest\.json/);
    expect(readNdjson(dir, 'Patient')).toHaveLength(6);
  });
});

// discharge-letters-nl, 25 patients, seed 20260101, generator 2.0.0: [line count, sha256 prefix].
// 2.0.0 changed the bytes on purpose (dates before the reference date and after birth, ages on the
// note's date, time-dependent values, ICPC on comorbidities, split age bands, manifest extensions).
const GOLDEN_OUTPUT: Record<string, [number, string]> = {
  Patient: [25, 'f89cc09d780482bc'],
  Encounter: [48, 'd96b6869987a9be5'],
  Condition: [31, '18cd1393e456b7c8'],
  Observation: [250, '7937aa7ff7e8b2eb'],
  MedicationRequest: [42, '516fc1027f083d8c'],
  DocumentReference: [48, '52eb5a8cbbcde33b'],
};
const GOLDEN_MANIFEST = 'f064d053702c53ae';
