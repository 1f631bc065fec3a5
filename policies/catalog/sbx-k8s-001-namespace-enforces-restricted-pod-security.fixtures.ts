import { kubernetes, object } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-K8S-001', [
  kubernetes('pass', 'enforce: restricted'),
  kubernetes('fail', 'enforce: baseline', (o) => {
    object(o, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline';
  }, { resource: 'Namespace/sbx-demo-tenant', path: 'metadata.labels' }),
  kubernetes('fail', 'no enforce label (privileged)', (o) => {
    delete object(o, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'];
  }, { resource: 'Namespace/sbx-demo-tenant', path: 'metadata.labels' }),
  kubernetes('fail', 'workloads in the tenant namespace without its Namespace object', (o) => {
    o.splice(o.indexOf(object(o, 'Namespace')), 1);
  }, { resource: 'Namespace/sbx-demo-tenant' }),
]);
