import { kubernetes, object } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-K8S-002', [
  kubernetes('pass', 'one policy denying both directions'),
  kubernetes('pass', 'two policies, one per direction', (o) => {
    object(o, 'NetworkPolicy', 'default-deny').spec.policyTypes = ['Ingress'];
    o.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-egress', namespace: 'sbx-demo-tenant', labels: object(o, 'Namespace').metadata.labels }, spec: { podSelector: {}, policyTypes: ['Egress'] } });
  }),
  kubernetes('fail', 'no default-deny policy', (o) => {
    o.splice(o.indexOf(object(o, 'NetworkPolicy', 'default-deny')), 1);
  }, { resource: 'Namespace/sbx-demo-tenant' }),
  kubernetes('fail', 'default deny for ingress only', (o) => {
    object(o, 'NetworkPolicy', 'default-deny').spec.policyTypes = ['Ingress'];
  }, { resource: 'Namespace/sbx-demo-tenant' }),
  kubernetes('pass', 'no Namespace object, but the default deny for the namespace its objects use', (o) => {
    o.splice(o.indexOf(object(o, 'Namespace')), 1);
  }),
  kubernetes('fail', 'workloads in the tenant namespace, with neither its Namespace object nor a default deny', (o) => {
    o.splice(o.indexOf(object(o, 'Namespace')), 1);
    o.splice(o.indexOf(object(o, 'NetworkPolicy', 'default-deny')), 1);
  }, { resource: 'Namespace/sbx-demo-tenant' }),
]);
