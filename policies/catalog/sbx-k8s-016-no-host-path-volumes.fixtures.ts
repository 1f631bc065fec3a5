import { jobPodSpec, kubernetes } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-016', [
  kubernetes('pass', 'the baseline Job'),
  kubernetes('fail', 'a hostPath volume', (o) => {
    jobPodSpec(o).volumes = [{ name: 'host', hostPath: { path: '/var/lib' } }];
  }, { resource: JOB, path: 'spec.template.spec' }),
]);
