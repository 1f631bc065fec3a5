import { kubernetes, object } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-K8S-005', [
  kubernetes('pass', 'quota and limit range present'),
  kubernetes('fail', 'no ResourceQuota', (o) => {
    o.splice(o.indexOf(object(o, 'ResourceQuota')), 1);
  }, { resource: 'Namespace/sbx-demo-tenant' }),
  kubernetes('fail', 'a quota that counts pods only', (o) => {
    object(o, 'ResourceQuota').spec.hard = { pods: '20' };
  }, { resource: 'Namespace/sbx-demo-tenant' }),
  kubernetes('fail', 'workloads in the tenant namespace, with neither its Namespace object nor a quota', (o) => {
    o.splice(o.indexOf(object(o, 'Namespace')), 1);
    o.splice(o.indexOf(object(o, 'ResourceQuota')), 1);
  }, { resource: 'Namespace/sbx-demo-tenant' }),
]);
