import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kubernetesManifests, manifestsYaml, synthesizeKubernetes, validateManifest, withCanonicalKeyOrder } from '../../stacks/kubernetes/index.ts';
import { labelKey, labelValue, tenantLabels } from '../../stacks/kubernetes/labels.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';

const tenants = exampleTenants();
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
  return value;
}

describe('manifests.yaml is deterministic', () => {
  it.each(tenants.flatMap((t) => (['active', 'suspended', 'exited'] as const).map((s) => [t.id, s] as const)))('%s (%s): byte-identical twice', async (id, status) => {
    const tenant = withStatus(tenants.find((t) => t.id === id)!, status);
    const first = await synthesizeKubernetes(tenant);
    const second = await synthesizeKubernetes(tenant);
    expect(second.artifacts[0]!.content).toBe(first.artifacts[0]!.content);
    expect(first.artifacts[0]!.content).not.toMatch(/\/work\/|\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it('does not depend on the order in which keys were written', () => {
    for (const tenant of tenants) {
      const objects = kubernetesManifests(tenant);
      expect(manifestsYaml(objects.map((o) => reversedKeys(o) as typeof o), ['h'])).toBe(manifestsYaml(objects, ['h']));
      const shuffledTags = { ...tenant, tags: Object.fromEntries(Object.entries(tenant.tags).reverse()) };
      expect(manifestsYaml(kubernetesManifests(shuffledTags), ['h'])).toBe(manifestsYaml(objects, ['h']));
    }
  });

  it('starts every document with apiVersion, kind and metadata, and metadata with name', () => {
    const yaml = manifestsYaml(kubernetesManifests(tenants[0]!), []);
    for (const doc of yaml.split(/^---\n/m).slice(1)) {
      expect(doc).toMatch(/^apiVersion: .+\nkind: .+\nmetadata:\n {2}name: /);
    }
    expect(Object.keys(withCanonicalKeyOrder({ spec: 1, metadata: 2, kind: 3, apiVersion: 4 }) as object)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });

  it('reads back the same under YAML 1.1 (kubectl) and YAML 1.2', () => {
    for (const tenant of tenants) {
      const objects = JSON.parse(JSON.stringify(kubernetesManifests(tenant)));
      const yaml = manifestsYaml(kubernetesManifests(tenant), []);
      for (const version of ['1.1', '1.2'] as const) {
        expect(parseAllDocuments(yaml, { version }).map((d) => d.toJS())).toEqual(objects);
      }
    }
  });

  it('quotes label values that YAML 1.1 would read as booleans or numbers', () => {
    const tenant = { ...tenants[0]!, tags: { ...tenants[0]!.tags, 'sandbox:participant': 'No', 'sandbox:risk-class': 'on' } };
    const yaml = manifestsYaml(kubernetesManifests(tenant), []);
    const [namespace] = parseAllDocuments(yaml, { version: '1.1' }).map((d) => d.toJS());
    expect(namespace.metadata.labels['sandbox/participant']).toBe('No');
    expect(namespace.metadata.labels['sandbox/risk-class']).toBe('on');
  });
});

describe('tenant labels from tenant.tags', () => {
  it('turns tag keys into prefixed label keys and values into the label alphabet', () => {
    expect(labelKey('sandbox:tenant')).toBe('sandbox/tenant');
    expect(labelKey('Sandbox Ops:cost centre')).toBe('sandbox-ops/cost-centre');
    expect(labelValue('Example Health AI B.V.')).toBe('Example-Health-AI-B.V');
    expect(labelValue('Brieflijn Zorgtaal B.V.')).toBe('Brieflijn-Zorgtaal-B.V');
    expect(labelValue('Zoë & Co')).toBe('Zo----Co');
    expect(labelValue('x'.repeat(100))).toHaveLength(63);
    expect(tenantLabels({ tags: { 'sandbox:tenant': 'a' }, status: 'suspended' })).toEqual({ 'sandbox/lifecycle': 'suspended', 'sandbox/tenant': 'a' });
  });

  it('always yields a valid label value and key, whatever the participant is called', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ minLength: 1, maxLength: 80 }), (value, key) => {
        expect(labelValue(value)).toMatch(LABEL_VALUE);
        expect(labelValue(value).length).toBeLessThanOrEqual(63);
        const k = labelKey(`sandbox:${key}`);
        const name = k.slice(k.indexOf('/') + 1);
        expect(name).toMatch(LABEL_VALUE);
      }),
    );
  });

  it('keeps manifests valid for an awkwardly named participant', () => {
    const tenant = { ...tenants[0]!, tags: { ...tenants[0]!.tags, 'sandbox:participant': '  Ñandú Salud, S.L. — «Madrid»  ' } };
    for (const object of kubernetesManifests(tenant)) expect(() => validateManifest(object)).not.toThrow();
  });
});

describe('schema validation is real', () => {
  it('rejects an object that breaks the Kubernetes API schema, naming it', () => {
    const [job] = kubernetesManifests(tenants[0]!).filter((o) => o.kind === 'Job');
    const broken = JSON.parse(JSON.stringify(job));
    broken.spec.completions = 'four';
    expect(() => validateManifest(broken)).toThrow(/Job sbx-diabetes-risk\/load-diabetes-cohort-nl .*completions must be integer/);
  });
});
