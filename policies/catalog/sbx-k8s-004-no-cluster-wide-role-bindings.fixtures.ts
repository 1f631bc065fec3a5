import { kubernetes, object } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-K8S-004', [
  kubernetes('pass', 'a RoleBinding to a namespaced Role'),
  kubernetes('fail', 'a ClusterRoleBinding', (o) => {
    o.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'demo-tenant-view', labels: object(o, 'Namespace').metadata.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'u-100' }],
    });
  }, { resource: 'ClusterRoleBinding/demo-tenant-view' }),
  kubernetes('fail', 'the namespace binding handing out admin', (o) => {
    object(o, 'RoleBinding').roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' };
  }, { resource: 'RoleBinding/sbx-demo-tenant/sandbox-innovator', path: 'roleRef.name' }),
]);
