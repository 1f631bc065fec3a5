import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kubernetesManifests, synthesizeKubernetes, validateManifest, type KubernetesObject } from '../../stacks/kubernetes/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';
import { ofKind } from './objects.ts';
import { allows, READ_VERBS, WRITE_VERBS } from './rbac-check.ts';

const tenants = exampleTenants();
const names = (objects: readonly KubernetesObject[]) => objects.map((o) => `${o.kind}/${o.metadata?.name}`);

describe.each(tenants.map((t) => [t.id, withStatus(t, 'suspended')] as const))('suspended tenant %s (AI Act Art. 57(11), 59(1)(c))', (id, tenant) => {
  const objects = kubernetesManifests(tenant);
  const active = kubernetesManifests(withStatus(tenant, 'active'));

  it('still validates against the Kubernetes API schema', () => {
    for (const object of objects) expect(() => validateManifest(object)).not.toThrow();
  });

  it('revokes every role to read-only, with the same Role names so they are updated in place', () => {
    const roles = ofKind(objects, 'Role');
    expect(roles.map((r) => r.metadata?.name)).toEqual(ofKind(active, 'Role').map((r) => r.metadata?.name));
    for (const role of roles) {
      const verbs = new Set(role.rules?.flatMap((r) => r.verbs));
      expect([...verbs].filter((v) => !(READ_VERBS as readonly string[]).includes(v)), role.metadata?.name).toEqual([]);
      for (const verb of WRITE_VERBS) {
        expect(allows(role.rules, { verb, apiGroup: 'batch', resource: 'jobs' })).toBe(false);
        expect(allows(role.rules, { verb, apiGroup: '', resource: 'persistentvolumeclaims', name: 'datasets' })).toBe(false);
      }
    }
    // The people keep their (read-only) access: a suspended tenant is inspected, not erased.
    expect(ofKind(objects, 'RoleBinding').map((b) => b.subjects)).toEqual(ofKind(active, 'RoleBinding').map((b) => b.subjects));
  });

  it('scales workloads to zero: quota pods 0, jobs 0, services 0, and no loader Jobs', () => {
    const [quota] = ofKind(objects, 'ResourceQuota');
    expect(quota?.spec?.hard).toMatchObject({ pods: '0', 'count/jobs.batch': '0', services: '0', 'services.loadbalancers': '0', 'services.nodeports': '0' });
    expect(ofKind(objects, 'Job')).toEqual([]);
  });

  it('isolates the network: default deny both ways and no allowance, not even DNS', () => {
    const policies = ofKind(objects, 'NetworkPolicy');
    expect(policies.map((p) => p.metadata?.name)).toEqual(['default-deny']);
    expect(policies[0]?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('keeps the namespace, its data volume and the admission policy, labelled suspended', () => {
    expect(names(objects)).toEqual(expect.arrayContaining([`Namespace/sbx-${id}`, 'PersistentVolumeClaim/datasets', `ValidatingAdmissionPolicy/sbx-${id}-workload-rules`, `ValidatingAdmissionPolicyBinding/sbx-${id}-workload-rules`]));
    for (const o of objects) expect(o.metadata?.labels?.['sandbox/lifecycle']).toBe('suspended');
    const [namespace] = ofKind(objects, 'Namespace');
    expect(namespace?.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('differs from the active tenant only by what suspension removes or restricts', () => {
    const removed = names(active).filter((n) => !names(objects).includes(n));
    expect(removed.sort()).toEqual(['NetworkPolicy/allow-dns-egress', ...tenant.datasets.flatMap((d) => [`Job/load-${d.profile}`, `Job/combine-${d.profile}`])].sort());
    expect(names(objects).filter((n) => !names(active).includes(n))).toEqual([]);
  });
});

describe.each(tenants.map((t) => [t.id, withStatus(t, 'exited')] as const))('exited tenant %s (AI Act Art. 59(1)(g))', (id, tenant) => {
  it('keeps no object at all, so the next deploy deletes the namespace, its volume, bindings and policy', () => {
    expect(kubernetesManifests(tenant)).toEqual([]);
  });

  it('writes a manifests.yaml holding only an empty List, and says why', async () => {
    const output = await synthesizeKubernetes(tenant);
    expect(output.resources).toBe(0);
    const content = output.artifacts[0]!.content;
    expect(parseAllDocuments(content).map((d) => d.toJS())).toEqual([{ apiVersion: 'v1', kind: 'List', items: [] }]);
    expect(content).toContain(`sandbox tenant ${id} (lifecycle: exited)`);
    expect(content).toContain(`sbx-${id}`);
  });
});
