import { jobPodSpec, kubernetes } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-015', [
  kubernetes('pass', 'the baseline Job'),
  kubernetes('fail', 'no memory limit', (o) => {
    delete jobPodSpec(o).containers[0].resources.limits.memory;
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
]);
