import { jobPodSpec, kubernetes } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-014', [
  kubernetes('pass', 'the baseline Job'),
  kubernetes('fail', 'Unconfined on the pod', (o) => {
    jobPodSpec(o).securityContext.seccompProfile = { type: 'Unconfined' };
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
]);
