import { jobPodSpec, kubernetes } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-018', [
  kubernetes('pass', 'the baseline Job'),
  kubernetes('fail', 'a privileged container', (o) => {
    jobPodSpec(o).containers[0].securityContext.privileged = true;
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
]);
