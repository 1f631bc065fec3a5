import { kubernetes, object } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const POLICY = 'ValidatingAdmissionPolicy/sbx-demo-tenant-workload-rules';

export const fixtures = ruleFixtures('SBX-K8S-006', [
  kubernetes('pass', 'the generated policy, bound with Deny'),
  kubernetes('fail', 'one validation dropped by hand', (o) => {
    object(o, 'ValidatingAdmissionPolicy').spec.validations.pop();
  }, { resource: POLICY, path: 'spec.validations' }),
  kubernetes('fail', 'the digest rule weakened to true', (o) => {
    object(o, 'ValidatingAdmissionPolicy').spec.validations[0].expression = 'true';
  }, { resource: POLICY, path: 'spec.validations' }),
  kubernetes('fail', 'failurePolicy Ignore', (o) => {
    object(o, 'ValidatingAdmissionPolicy').spec.failurePolicy = 'Ignore';
  }, { resource: POLICY, path: 'spec.failurePolicy' }),
  kubernetes('fail', 'the binding only audits', (o) => {
    object(o, 'ValidatingAdmissionPolicyBinding').spec.validationActions = ['Audit'];
  }, { resource: 'Namespace/sbx-demo-tenant' }),
]);
