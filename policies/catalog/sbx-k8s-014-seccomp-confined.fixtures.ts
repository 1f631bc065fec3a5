import { jobPodSpec, kubernetes } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-014', [
  kubernetes('pass', 'the baseline Job'),
  kubernetes('fail', 'Unconfined on the pod', (o) => {
    jobPodSpec(o).securityContext.seccompProfile = { type: 'Unconfined' };
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
  kubernetes('fail', 'a Localhost profile on the pod (restricted Pod Security would allow it)', (o) => {
    jobPodSpec(o).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/any.json' };
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
]);
