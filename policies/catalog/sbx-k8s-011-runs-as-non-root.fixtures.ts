import { jobPodSpec, kubernetes } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-011', [
  kubernetes('pass', 'the baseline Job'),
  kubernetes('fail', 'runAsUser 0 on the container', (o) => {
    jobPodSpec(o).containers[0].securityContext.runAsUser = 0;
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
  kubernetes('fail', 'runAsNonRoot not set anywhere', (o) => {
    delete jobPodSpec(o).securityContext.runAsNonRoot;
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
]);
