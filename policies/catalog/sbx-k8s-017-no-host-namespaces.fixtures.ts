import { jobPodSpec, kubernetes } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-017', [
  kubernetes('pass', 'the baseline Job'),
  kubernetes('fail', 'hostNetwork true', (o) => {
    jobPodSpec(o).hostNetwork = true;
  }, { resource: JOB, path: 'spec.template.spec' }),
  kubernetes('fail', 'hostPID true', (o) => {
    jobPodSpec(o).hostPID = true;
  }, { resource: JOB, path: 'spec.template.spec' }),
]);
