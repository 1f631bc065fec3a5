import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { listDatasetProfiles, loadDatasetProfile, loadDatasetProfileFile, SyntheticDataError } from '../../synthetic/index.ts';
import { DATASET_PROFILES_DIR } from '../../tenancy/paths.ts';
import { freshDir } from './helpers.ts';

const root = freshDir('profiles');
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Doc = { metadata: { name: string }; spec: Record<string, unknown> & { encounters: Record<string, unknown>[] } };
const base = (): Doc => parse(readFileSync(path.join(DATASET_PROFILES_DIR, 'diabetes-cohort-nl.yaml'), 'utf8')) as Doc;

/** Writes a mutated copy of diabetes-cohort-nl under its own name and returns the load error. */
function loadError(name: string, mutate: (doc: Doc) => void): string {
  const doc = base();
  doc.metadata.name = name;
  mutate(doc);
  const file = path.join(root, `${name}.yaml`);
  mkdirSync(root, { recursive: true });
  writeFileSync(file, stringify(doc));
  try {
    loadDatasetProfileFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(SyntheticDataError);
    return (error as Error).message;
  }
  throw new Error('expected the profile to be rejected');
}

describe('dataset profiles', () => {
  it('ships the three profiles, each with the header the plan loader reads', () => {
    const names = listDatasetProfiles();
    for (const name of ['diabetes-cohort-nl', 'discharge-letters-nl', 'ed-triage-nl']) expect(names).toContain(name);
    for (const name of names) {
      const p = loadDatasetProfile(name);
      expect(p.document).toMatchObject({ apiVersion: 'regulatory-sandbox/v1', kind: 'DatasetProfile', metadata: { name }, spec: { classification: 'synthetic' } });
      expect(['primary-care', 'hospital', 'emergency']).toContain(p.document.spec.careSetting);
      expect(p.document.spec.referenceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(loadDatasetProfile('discharge-letters-nl').document.spec.careSetting).toBe('hospital');
    expect(loadDatasetProfile('ed-triage-nl').document.spec.careSetting).toBe('emergency');
  });

  it('hashes content, not layout: a comment does not change the profile hash', () => {
    const text = readFileSync(path.join(DATASET_PROFILES_DIR, 'ed-triage-nl.yaml'), 'utf8');
    const dir = path.join(root, 'layout');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'ed-triage-nl.yaml'), `# a reviewer's note\n${text}`);
    expect(loadDatasetProfileFile(path.join(dir, 'ed-triage-nl.yaml')).sha256).toBe(loadDatasetProfile('ed-triage-nl').sha256);
  });

  it('rejects an unknown profile name and lists the known ones', () => {
    expect(() => loadDatasetProfile('no-such-profile')).toThrow(/unknown dataset profile 'no-such-profile'.*known: .*diabetes-cohort-nl/);
    expect(() => loadDatasetProfile('../../package')).toThrow(/unknown dataset profile/);
  });

  it('names the file, the field and the rule for every broken rule', () => {
    expect(loadError('wrong-name', (d) => (d.metadata.name = 'other-name'))).toMatch(/wrong-name\.yaml: metadata\.name: must equal the file name 'wrong-name'/);
    expect(loadError('bad-ref', (d) => ((d.spec.encounters[1] as { observations: { measurement: string }[] }).observations[0] = { measurement: 'hba1x' }))).toMatch(
      /bad-ref\.yaml: spec\.encounters\.1\.observations\.0\.measurement: unknown measurement 'hba1x'/,
    );
    expect(
      loadError('missing-band', (d) => {
        const t2dm = (d.spec.conditions as Record<string, { prevalence: { byAgeBand: Record<string, unknown> } }>).t2dm;
        delete t2dm?.prevalence.byAgeBand['50-59'];
      }),
    ).toMatch(/spec\.conditions\.t2dm\.prevalence\.byAgeBand: missing age band '50-59'/);
    expect(loadError('bad-prob', (d) => ((d.spec.medications as Record<string, { probability: number }>).metformin!.probability = 1.5))).toMatch(
      /spec\.medications\.metformin\.probability: .*(<=|less than or equal).*1/i,
    );
    expect(
      loadError('bad-key', (d) => {
        const conditions = d.spec.conditions as Record<string, unknown>;
        conditions.Hyper_tension = conditions.hypertension;
        delete conditions.hypertension;
      }),
    ).toMatch(/spec\.conditions\.Hyper_tension: invalid name: must be a lower-case id/);
    expect(loadError('bad-source', (d) => ((d.spec.population as { source: string }).source = 'nowhere'))).toMatch(/spec\.population\.source: unknown source 'nowhere'/);
    expect(loadError('not-synthetic', (d) => (d.spec.classification = 'pseudonymised'))).toMatch(/spec\.classification/);
    expect(
      loadError('bad-template', (d) => {
        d.spec.documents = { note: { title: 'Notitie', type: { system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }, template: 'HbA1c {{obs.hba1c}}, {{patient.shoeSize}}' } };
        (d.spec.encounters[1] as { documents: string[] }).documents = ['note'];
      }),
    ).toMatch(/spec\.documents\.note\.template: unknown placeholder '\{\{patient\.shoeSize\}\}'/);
  });

  it('checks the factors, onset effects, treatments and diagnostic thresholds of value models', () => {
    type Value = { factors?: Record<string, number>; effects?: Record<string, Record<string, number>>; treatment?: Record<string, { shift: number }> };
    const hba1c = (d: Doc): Value => (d.spec.measurements as Record<string, { value: Value }>).hba1c!.value;
    expect(loadError('bad-factor', (d) => (hba1c(d).factors = { glycemic: 0.5 }))).toMatch(/spec\.measurements\.hba1c\.value\.factors\.glycemic: unknown factor \(spec\.factors: glycaemic\)/);
    expect(loadError('too-loaded', (d) => (hba1c(d).factors = { glycaemic: 0.95 }))).toMatch(/spec\.measurements\.hba1c\.value: latent² \+ shared² \+ the squared factor loadings must not exceed 1/);
    expect(loadError('bad-treatment', (d) => (hba1c(d).treatment = { metformine: { shift: -1 } }))).toMatch(/spec\.measurements\.hba1c\.value\.treatment\.metformine: unknown medication/);
    expect(
      loadError('bad-threshold', (d) => {
        (d.spec.conditions as Record<string, { diagnosticThresholds?: Record<string, number> }>).hypertension!.diagnosticThresholds = { bp: 140 };
      }),
    ).toMatch(/spec\.conditions\.hypertension\.diagnosticThresholds\.bp: must name a measurement with a single value, not a panel/);
  });

  it('reports YAML syntax errors with the file name', () => {
    const file = path.join(root, 'broken-yaml.yaml');
    writeFileSync(file, 'apiVersion: [unclosed\n');
    expect(() => loadDatasetProfileFile(file)).toThrow(/broken-yaml\.yaml: not valid YAML/);
  });
});
