import { kubernetes, object } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const POLICY = 'ValidatingAdmissionPolicy/sbx-demo-tenant-workload-rules';
const BINDING = 'ValidatingAdmissionPolicyBinding/sbx-demo-tenant-workload-rules';
const jobs = { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs'] };

export const fixtures = ruleFixtures('SBX-K8S-006', [
  kubernetes('pass', 'the generated policy, bound with Deny'),
  kubernetes('fail', 'one validation dropped by hand', (o) => {
    object(o, 'ValidatingAdmissionPolicy').spec.validations.pop();
  }, { resource: POLICY, path: 'spec.validations' }),
  kubernetes('fail', 'the digest rule weakened to true', (o) => {
    object(o, 'ValidatingAdmissionPolicy').spec.validations[0].expression = 'true';
  }, { resource: POLICY, path: 'spec.validations' }),
  kubernetes('fail', 'failurePolicy Ignore', (o) => {
    object(o, 'ValidatingAdmissionPolicy').spec.failurePolicy = 'Ignore';
  }, { resource: POLICY, path: 'spec.failurePolicy' }),
  kubernetes('fail', 'the binding only audits', (o) => {
    object(o, 'ValidatingAdmissionPolicyBinding').spec.validationActions = ['Audit'];
  }, { resource: BINDING, path: 'spec.validationActions' }),
  kubernetes('fail', 'no binding selects the namespace', (o) => {
    object(o, 'ValidatingAdmissionPolicyBinding').spec.matchResources.namespaceSelector.matchLabels['kubernetes.io/metadata.name'] = 'sbx-elsewhere';
  }, { resource: 'Namespace/sbx-demo-tenant' }),
  kubernetes('fail', 'a match condition that is never true', (o) => {
    object(o, 'ValidatingAdmissionPolicy').spec.matchConditions = [{ name: 'never', expression: 'false' }];
  }, { resource: POLICY, path: 'spec.matchConditions' }),
  kubernetes('fail', 'Jobs excluded from the policy', (o) => {
    object(o, 'ValidatingAdmissionPolicy').spec.matchConstraints.excludeResourceRules = [jobs];
  }, { resource: POLICY, path: 'spec.matchConstraints.excludeResourceRules' }),
  kubernetes('fail', 'updates no longer checked (operations CREATE only)', (o) => {
    for (const r of object(o, 'ValidatingAdmissionPolicy').spec.matchConstraints.resourceRules) r.operations = ['CREATE'];
  }, { resource: POLICY, path: 'spec.matchConstraints.resourceRules' }),
  kubernetes('fail', 'the policy narrowed to labelled objects', (o) => {
    object(o, 'ValidatingAdmissionPolicy').spec.matchConstraints.objectSelector = { matchLabels: { 'sandbox/checked': 'yes' } };
  }, { resource: POLICY, path: 'spec.matchConstraints.objectSelector' }),
  kubernetes('fail', 'the binding narrowed to labelled objects', (o) => {
    object(o, 'ValidatingAdmissionPolicyBinding').spec.matchResources.objectSelector = { matchExpressions: [{ key: 'debug', operator: 'DoesNotExist' }] };
  }, { resource: BINDING, path: 'spec.matchResources' }),
  kubernetes('fail', 'the binding excluding Jobs', (o) => {
    object(o, 'ValidatingAdmissionPolicyBinding').spec.matchResources.excludeResourceRules = [jobs];
  }, { resource: BINDING, path: 'spec.matchResources' }),
  kubernetes('pass', 'the API server’s neutral defaults written out (empty selectors match everything, matchPolicy Equivalent)', (o) => {
    Object.assign(object(o, 'ValidatingAdmissionPolicy').spec.matchConstraints, { namespaceSelector: {}, objectSelector: {}, matchPolicy: 'Equivalent' });
    object(o, 'ValidatingAdmissionPolicy').spec.matchConditions = [];
  }),
  kubernetes('fail', 'workloads in the tenant namespace, with neither its Namespace object nor an admission binding', (o) => {
    o.splice(o.indexOf(object(o, 'Namespace')), 1);
    o.splice(o.indexOf(object(o, 'ValidatingAdmissionPolicyBinding')), 1);
  }, { resource: 'Namespace/sbx-demo-tenant' }),
]);
