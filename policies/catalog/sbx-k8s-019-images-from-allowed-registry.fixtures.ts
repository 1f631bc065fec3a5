import { jobPodSpec, kubernetes, object } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-019', [
  kubernetes('pass', 'the baseline Job, from the registry its admission policy allows'),
  kubernetes('fail', 'a digest-pinned image from Docker Hub', (o) => {
    jobPodSpec(o).containers[0].image = `docker.io/library/python@sha256:${'b2'.repeat(32)}`;
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
  kubernetes('fail', 'an init container from an unlisted registry', (o) => {
    jobPodSpec(o).initContainers = [{ ...jobPodSpec(o).containers[0], name: 'fetch', image: `ghcr.io/x/fetch@sha256:${'c3'.repeat(32)}` }];
  }, { resource: JOB, path: 'spec.template.spec.initContainers[0]' }),
  kubernetes('fail', 'an allowed registry’s name as the prefix of another host', (o) => {
    jobPodSpec(o).containers[0].image = `registry.sandbox.example.eu.evil.example/demo/model@sha256:${'d4'.repeat(32)}`;
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
  kubernetes('unknown', 'no plan and no admission policy tell the allowed registries', (o) => {
    o.splice(o.indexOf(object(o, 'ValidatingAdmissionPolicy')), 1);
  }, { resource: JOB, path: 'spec.template.spec' }),
]);
