import { jobPodSpec, kubernetes } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-013', [
  kubernetes('pass', 'the baseline Job'),
  kubernetes('fail', 'SYS_ADMIN added back', (o) => {
    jobPodSpec(o).containers[0].securityContext.capabilities.add = ['SYS_ADMIN'];
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
  kubernetes('fail', 'NET_BIND_SERVICE added back (restricted Pod Security would allow it)', (o) => {
    jobPodSpec(o).containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE'];
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
  kubernetes('pass', 'an empty add list', (o) => {
    jobPodSpec(o).containers[0].securityContext.capabilities.add = [];
  }),
  kubernetes('fail', 'nothing dropped', (o) => {
    delete jobPodSpec(o).containers[0].securityContext.capabilities;
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
]);
