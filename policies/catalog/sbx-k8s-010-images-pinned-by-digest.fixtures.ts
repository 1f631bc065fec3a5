import { jobPodSpec, kubernetes, object } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const JOB = 'Job/sbx-demo-tenant/load-data';

export const fixtures = ruleFixtures('SBX-K8S-010', [
  kubernetes('pass', 'the baseline Job'),
  kubernetes('pass', 'a bare Pod with a pinned image from the allowed registry', (o) => {
    o.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'sbx-demo-tenant' }, spec: jobPodSpec(o) });
  }),
  kubernetes('pass', 'a pinned image from an unlisted registry (SBX-K8S-019’s to judge)', (o) => {
    jobPodSpec(o).containers[0].image = `docker.io/library/python@sha256:${'b2'.repeat(32)}`;
  }),
  kubernetes('fail', 'an image by tag', (o) => {
    jobPodSpec(o).containers[0].image = 'registry.sandbox.example.eu/demo/model:latest';
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
  kubernetes('fail', 'an init container by a short digest', (o) => {
    jobPodSpec(o).initContainers = [{ ...jobPodSpec(o).containers[0], name: 'fetch', image: 'registry.sandbox.example.eu/demo/fetch@sha256:abc123' }];
  }, { resource: JOB, path: 'spec.template.spec.initContainers[0]' }),
  kubernetes('fail', 'a tag-only image in a manifest without admission policy, where the registries are unknown', (o) => {
    o.splice(o.indexOf(object(o, 'ValidatingAdmissionPolicy')), 1);
    jobPodSpec(o).containers[0].image = 'docker.io/library/python:latest';
  }, { resource: JOB, path: 'spec.template.spec.containers[0]' }),
]);
