import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isCelError, run } from '@bufbuild/cel';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { CheckHook } from '../../bin/pipeline/synthesize-tenants.ts';
import { synthCheck } from '../../policies/adapters/synth-check.ts';
import { serviceControlPolicy } from '../../policies/adapters/service-control-policy.ts';
import { kubernetes, object } from '../../policies/catalog/fixtures/cases.ts';
import { CATALOG, checkArtifacts, knownTenants, RULES } from '../../policies/index.ts';
import { WORKLOAD_CEL_RULES, workloadBindingMatchResources, workloadCelVariables, workloadMatchConstraints } from '../../policies/workload-cel/index.ts';
import { synthesizeAwsPlatform } from '../../stacks/aws/index.ts';
import { synthesizeKubernetes } from '../../stacks/kubernetes/index.ts';
import { EU_REGIONS } from '../../tenancy/index.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import { exampleTenants } from '../support/example-tenants.ts';
import { tenantArtifacts } from './support/example-artifacts.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const objects = (yaml: string): Doc[] => parseAllDocuments(yaml).map((d) => d.toJS()).filter((o) => o);

describe('one text, two enforcement points: the workload CEL', () => {
  it('the catalog has one entry per workload CEL rule, titled by it', () => {
    for (const cel of WORKLOAD_CEL_RULES) expect(RULES.find((r) => r.id === cel.id)?.title).toBe(cel.title);
  });

  it.each(exampleTenants().map((t) => [t.id, t] as const))('%s: the generated admission policy carries exactly the CEL the catalog evaluates', async (_id, tenant) => {
    const [manifests] = (await synthesizeKubernetes(tenant)).artifacts;
    const policy = objects(manifests!.content).find((o) => o.kind === 'ValidatingAdmissionPolicy')!;
    expect(policy.spec.validations.map((v: Doc) => v.expression)).toEqual(WORKLOAD_CEL_RULES.map((r) => r.expression));
    expect(policy.spec.validations.map((v: Doc) => v.message.split(':')[0])).toEqual(WORKLOAD_CEL_RULES.map((r) => r.id));
    expect(policy.spec.variables).toEqual(workloadCelVariables(tenant.allowedRegistries).map((v) => ({ name: v.name, expression: v.expression })));
    expect(policy.spec.failurePolicy).toBe('Fail');
    // …and matches exactly what SBX-K8S-006 demands: every workload kind, no conditions, exclusions or narrower binding.
    expect(policy.spec.matchConstraints).toEqual(workloadMatchConstraints());
    expect(policy.spec.matchConditions).toBeUndefined();
    const binding = objects(manifests!.content).find((o) => o.kind === 'ValidatingAdmissionPolicyBinding')!;
    expect(binding.spec.matchResources).toEqual(workloadBindingMatchResources(`sbx-${tenant.id}`));
  });

  it('the catalog decides every workload as the admission policy’s own expressions do', () => {
    // The policy text as it appears in the manifests, evaluated directly with @bufbuild/cel, the
    // way the API server runs it; compared with the catalog's findings on the same objects.
    const cases = CATALOG.filter((e) => e.rule.id.startsWith('SBX-K8S-01')).flatMap((e) => e.fixtures.cases);
    expect(cases.length).toBeGreaterThan(15);
    for (const fixture of cases) {
      const docs = objects(fixture.content);
      // Cases without a policy show what the catalog does where no cluster-side text exists.
      const policy = docs.find((o) => o.kind === 'ValidatingAdmissionPolicy');
      if (!policy) continue;
      const result = checkArtifacts([{ path: fixture.file, content: fixture.content }], { tenants: () => undefined });
      for (const workload of docs.filter((o) => ['Job', 'Pod'].includes(o.kind))) {
        const variables: Record<string, unknown> = {};
        for (const v of policy.spec.variables) {
          const value = run(v.expression, { object: workload, variables } as never);
          if (!isCelError(value)) variables[v.name] = value;
        }
        policy.spec.validations.forEach((validation: Doc, i: number) => {
          const value = run(validation.expression, { object: workload, variables } as never);
          const admitted = value === true;
          const id = WORKLOAD_CEL_RULES[i]!.id;
          const name = `${workload.kind}/${workload.metadata.namespace}/${workload.metadata.name}`;
          const flagged = result.findings.some((f) => f.ruleId === id && f.resource === name);
          expect(flagged, `${fixture.description}: ${id} on ${name}`).toBe(!admitted);
        });
      }
    }
  });

  it('refuses a tag-only image whatever the registries; registry membership is UNKNOWN only when nothing tells the registries', () => {
    // A hand-written manifest of no known tenant, without an admission policy: the registries are unknown.
    const pod = ['apiVersion: v1', 'kind: Pod', 'metadata: { name: notebook, namespace: research }', 'spec:', '  containers:', '    - name: py', '      image: docker.io/library/python:latest', ''].join('\n');
    const result = checkArtifacts([{ path: 'review/notebook.yaml', content: pod }], { tenants: () => undefined });
    const of = (id: string) => result.findings.filter((f) => f.ruleId === id).map((f) => [f.outcome, f.severity, f.resource, f.path]);
    expect(of('SBX-K8S-010')).toEqual([['NON_COMPLIANT', 'error', 'Pod/research/notebook', 'spec.containers[0]']]);
    expect(of('SBX-K8S-019')).toEqual([['UNKNOWN', 'note', 'Pod/research/notebook', 'spec']]);
    const note = result.findings.find((f) => f.ruleId === 'SBX-K8S-019')!.message;
    expect(note).toMatch(/allowed registr/);
    expect(note).not.toMatch(/\(absent\)/);
    // With the registries known (the tenant's plan), membership is decided too.
    const tenant = exampleTenants()[0]!;
    const known = checkArtifacts([{ path: `build/${tenant.id}/kubernetes/notebook.yaml`, content: pod.replace('namespace: research', `namespace: sbx-${tenant.id}`) }], { tenants: knownTenants([tenant]) });
    expect(known.findings.filter((f) => f.ruleId.startsWith('SBX-K8S-01') && f.ruleId !== 'SBX-K8S-015').map((f) => [f.ruleId, f.outcome])).toEqual(
      expect.arrayContaining([
        ['SBX-K8S-010', 'NON_COMPLIANT'],
        ['SBX-K8S-019', 'NON_COMPLIANT'],
      ]),
    );
    expect(known.findings.filter((f) => f.outcome === 'UNKNOWN' && f.ruleId === 'SBX-K8S-019')).toEqual([]);
  });

  it('a manifest whose policy was edited is caught even though its workloads pass', () => {
    const edited = kubernetes('fail', 'policy edited', (o) => {
      object(o, 'ValidatingAdmissionPolicy').spec.validations[8].expression = 'true';
    });
    const result = checkArtifacts([{ path: edited.file, content: edited.content }], { tenants: () => undefined });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['SBX-K8S-006']);
  });
});

describe('the service control policy: run-time half of the residency and log-protection rules', () => {
  const scp = serviceControlPolicy();
  const statement = (sid: string) => scp.Statement.find((s) => s.Sid === sid)!;

  it('is referenced by the catalog entries it enforces at run time, from a file that exists', () => {
    const enforced = RULES.filter((r) => r.enforcedAtRunTime?.mechanism === 'service-control-policy').map((r) => r.id);
    expect(enforced).toEqual(expect.arrayContaining(['SBX-RES-001', 'SBX-LOG-001', 'SBX-LOG-003']));
    for (const r of RULES) if (r.enforcedAtRunTime) expect(existsSync(path.join(PROJECT_ROOT, r.enforcedAtRunTime.source)), r.id).toBe(true);
  });

  it('denies every region but the EU regions the catalog allows', () => {
    expect(statement('DenyOutsideEuRegions').Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': [...EU_REGIONS] } });
    expect(statement('DenyOutsideEuRegions').NotAction).not.toContain('s3:*');
    expect(statement('DenyOutsideEuRegions').NotAction).not.toContain('kms:*');
  });

  it('denies stopping the trails and weakening or deleting the log stores', () => {
    expect(statement('DenyTenantTrailChanges').Action).toEqual(expect.arrayContaining(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail']));
    expect(statement('DenyTenantStoreWeakening').Action).toEqual(expect.arrayContaining(['s3:DeleteBucket', 's3:PutBucketObjectLockConfiguration', 's3:PutReplicationConfiguration']));
    expect(statement('DenyEvidenceDeletion').Condition).toBeUndefined();
  });

  it('is what the platform stack deploys, and that stack passes the catalog', async () => {
    const artifacts = await synthesizeAwsPlatform(exampleTenants());
    const template = artifacts.find((a) => a.path.endsWith('.template.json'))!;
    const policy = Object.values(JSON.parse(template.content).Resources as Record<string, Doc>).find((r) => r.Type === 'AWS::Organizations::Policy')!;
    expect(policy.Properties.Content).toEqual(scp);
    expect(checkArtifacts([{ path: `build/${template.path}`, content: template.content }]).findings).toEqual([]);
  });
});

describe('the check inside sandbox synth', () => {
  it('passes the example tenants and refuses a tenant with a broken artifact, naming the finding', async () => {
    const tenant = exampleTenants()[0]!;
    const artifacts = (await tenantArtifacts([tenant])).map((a) => ({ path: a.path.replace(`build/${tenant.id}/`, ''), content: a.content }));
    // Typed as the synth pipeline's hook: the adapter plugs into bin/pipeline as it is.
    const hook: CheckHook = synthCheck({ today: '2027-01-01' });
    const rel = (p: string) => `build/${tenant.id}/${p}`;
    const passed = await hook(tenant, artifacts, rel);
    expect(passed).toMatchObject({ errors: 0, warnings: 0, notes: 0, waived: 0, errorLines: [], waiversUsed: [] });
    // The full result travels along for build/<id>/findings.json, in the `check --format json` shape.
    expect(JSON.parse(passed.reportJson!)).toMatchObject({ findings: [], summary: { errors: 0 } });
    const broken = artifacts.map((a) => (a.path.startsWith('aws/') ? { ...a, content: a.content.replace('"EnableKeyRotation": true', '"EnableKeyRotation": false') } : a));
    const refused = await hook(tenant, broken, rel);
    expect(refused.errors).toBeGreaterThan(0);
    expect(refused.errorLines[0]).toMatch(new RegExp(`^error SBX-KMS-001 build/${tenant.id}/aws/Sandbox-${tenant.id}\\.template\\.json:\\d+ \\w+ Properties\\.EnableKeyRotation: `));
  });

  it('changes its cache key when a waiver runs out, so synth checks again instead of reusing a waived result', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'waivers-'));
    try {
      const file = path.join(dir, 'waivers.yaml');
      writeFileSync(
        file,
        'apiVersion: regulatory-sandbox/v1\nkind: GuardrailWaivers\nwaivers:\n' +
          '  - { rule: SBX-NET-003, tenant: diabetes-risk, resource: SomeIngress, reason: "Temporary ingress during the data load, removed afterwards", approver: u-400, expires: 2027-02-28 }\n',
      );
      const key = (today: string) => synthCheck({ waiversFile: file, today }).cacheKey;
      expect(key('2027-01-01')).toBe(key('2027-02-28'));
      expect(key('2027-03-01')).not.toBe(key('2027-02-28'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keys each tenant’s cached result on that tenant’s waivers only, so editing one waiver re-checks one tenant', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'waivers-'));
    try {
      const file = path.join(dir, 'waivers.yaml');
      const write = (reason: string, expires: string, extra = '') =>
        writeFileSync(
          file,
          'apiVersion: regulatory-sandbox/v1\nkind: GuardrailWaivers\nwaivers:\n' +
            `  - { rule: SBX-NET-003, tenant: diabetes-risk, resource: SomeIngress, reason: "${reason}", approver: u-400, expires: ${expires} }\n` +
            extra,
        );
      const keys = (today = '2027-01-01') => {
        const check = synthCheck({ waiversFile: file, today });
        return { diabetes: check.cacheKeyFor('diabetes-risk'), triage: check.cacheKeyFor('triage-assist'), all: check.cacheKey };
      };
      write('Temporary ingress during the data load, removed afterwards', '2027-02-28');
      const before = keys();
      write('Temporary ingress during the data load, removed on 2027-02-28', '2027-02-28');
      const reworded = keys();
      expect(reworded.diabetes).not.toBe(before.diabetes);
      expect(reworded.triage).toBe(before.triage);
      expect(reworded.all).not.toBe(before.all);
      // Running out changes the tenant's key too, and only that tenant's.
      expect(keys('2027-03-01').diabetes).not.toBe(reworded.diabetes);
      expect(keys('2027-03-01').triage).toBe(reworded.triage);
      // An invalid waivers file refuses every tenant, so it is in every tenant's key.
      write('Temporary ingress during the data load, removed on 2027-02-28', '2027-02-28', '  - { rule: SBX-KMS-001 }\n');
      expect(keys().triage).not.toBe(reworded.triage);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses every tenant while the waivers file is invalid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'waivers-'));
    try {
      const file = path.join(dir, 'waivers.yaml');
      writeFileSync(file, 'apiVersion: regulatory-sandbox/v1\nkind: GuardrailWaivers\nwaivers:\n  - { rule: SBX-KMS-001 }\n');
      const result = await synthCheck({ waiversFile: file })(exampleTenants()[0]!, [], (p) => p);
      expect(result.errors).toBeGreaterThan(0);
      expect(result.errorLines.join('\n')).toMatch(/waivers\[0\]\.tenant/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('knows each tenant’s plan, so a tag changed by hand is caught', () => {
    const tenant = exampleTenants()[0]!;
    const fixture = kubernetes('pass', 'labels of another period', (o) => {
      for (const x of o) if (x.metadata?.labels) x.metadata.labels['sandbox/period-end'] = '2099-12-31';
    });
    const content = fixture.content.replaceAll('demo-tenant', tenant.id);
    const result = checkArtifacts([{ path: `build/${tenant.id}/kubernetes/manifests.yaml`, content }], { tenants: knownTenants([tenant]) });
    expect(result.findings.some((f) => f.ruleId === 'SBX-TAG-001' && /period-end/.test(f.message))).toBe(true);
  });
});
