import { jobPodSpec, kubernetes } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-010', [
  kubernetes('pass', 'the baseline Job'),
  kubernetes('pass', 'a bare Pod with a pinned image from the allowed registry', (o) => {
    o.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'sbx-demo-tenant' }, spec: jobPodSpec(o) });
  }),
  kubernetes('fail', 'an image by tag', (o) => {
    jobPodSpec(o).containers[0].image = 'registry.sandbox.example.eu/demo/model:latest';
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
  kubernetes('fail', 'a digest-pinned image from Docker Hub', (o) => {
    jobPodSpec(o).containers[0].image = `docker.io/library/python@sha256:${'b2'.repeat(32)}`;
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
  kubernetes('fail', 'an init container from an unlisted registry', (o) => {
    jobPodSpec(o).initContainers = [{ ...jobPodSpec(o).containers[0], name: 'fetch', image: `ghcr.io/x/fetch@sha256:${'c3'.repeat(32)}` }];
  }, { resource: JOB, path: 'spec.template.spec.initContainers[0]' }),
]);
