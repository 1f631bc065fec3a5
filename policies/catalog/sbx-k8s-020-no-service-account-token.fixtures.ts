import { jobPodSpec, kubernetes } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-020', [
  kubernetes('pass', 'the baseline Job (automountServiceAccountToken: false)'),
  kubernetes('pass', 'the workload service account, automount left to it', (o) => {
    delete jobPodSpec(o).automountServiceAccountToken;
    jobPodSpec(o).serviceAccountName = 'workload';
  }),
  kubernetes('fail', 'the default service account with its token', (o) => {
    delete jobPodSpec(o).automountServiceAccountToken;
  }, { resource: JOB, path: 'spec.template.spec' }),
  kubernetes('fail', 'the workload account with automount switched back on', (o) => {
    jobPodSpec(o).serviceAccountName = 'workload';
    jobPodSpec(o).automountServiceAccountToken = true;
  }, { resource: JOB, path: 'spec.template.spec' }),
  kubernetes('fail', 'a projected serviceAccountToken volume', (o) => {
    jobPodSpec(o).volumes = [{ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } }];
  }, { resource: JOB, path: 'spec.template.spec' }),
]);
