import { label } from '../kubernetes/objects.ts';
import { allowedRegistries } from '../kubernetes/workload-cel-check.ts';
import type { Resource } from '../model/resource.ts';
import { at, isList, literalString, type Value } from '../model/value.ts';
import { compliant, eachResource, nonCompliant, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';
import { WORKLOAD_RESOURCE_RULES, workloadAdmissionCel } from '../workload-cel/index.ts';

/**
 * Cross-resource: each namespace is bound (Deny) to a ValidatingAdmissionPolicy that carries the
 * catalog's workload CEL verbatim, fails closed and matches every workload kind. This is what
 * makes the CI check and the cluster one rule: a hand-edited policy that drops or weakens an
 * expression is caught here, before deploy.
 */
const pairs = (list: Value | undefined, a: string, b: string) =>
  (isList(list) ? list : []).map((x) => [literalString(at(x, a)) ?? '', literalString(at(x, b)) ?? ''].join('\u0000'));

function policyProblems(policy: Resource, context: CheckContext): { path: string; message: string }[] {
  const expected = workloadAdmissionCel({ allowedRegistries: allowedRegistries(context) ?? [] });
  const spec = at(policy.properties, 'spec');
  const problems: { path: string; message: string }[] = [];
  const wantValidations = expected.validations.map((v) => v.expression);
  const haveValidations = (isList(at(spec, 'validations')) ? (at(spec, 'validations') as Value[]) : []).map((v) => literalString(at(v, 'expression')) ?? '');
  wantValidations.forEach((expr, i) => {
    if (!haveValidations.includes(expr)) problems.push({ path: 'spec.validations', message: `the policy lacks the catalog's expression for ${expected.validations[i]!.message.split(':')[0]} (or it was edited)` });
  });
  // Registries come from the plan when it is known; otherwise the policy's own list is taken as given.
  const wantVariables = expected.variables.map((v) => [v.name, v.expression].join('\u0000'));
  const haveVariables = pairs(at(spec, 'variables'), 'name', 'expression');
  if (context.tenant ? wantVariables.join('\n') !== haveVariables.join('\n') : wantVariables.slice(0, -1).some((v) => !haveVariables.includes(v))) {
    problems.push({ path: 'spec.variables', message: 'the policy’s variables differ from policies/workload-cel (podSpec, containers or the tenant’s allowed registries)' });
  }
  if (literalString(at(spec, 'failurePolicy')) !== 'Fail') problems.push({ path: 'spec.failurePolicy', message: 'failurePolicy must be Fail: an expression that cannot be evaluated must deny' });
  const resources = new Set((isList(at(spec, 'matchConstraints', 'resourceRules')) ? (at(spec, 'matchConstraints', 'resourceRules') as Value[]) : []).flatMap((r) => (isList(at(r, 'resources')) ? (at(r, 'resources') as Value[]).map(literalString) : [])));
  const missing = WORKLOAD_RESOURCE_RULES.flatMap((r) => r.resources).filter((r) => !resources.has(r) && !resources.has('*'));
  if (missing.length > 0) problems.push({ path: 'spec.matchConstraints.resourceRules', message: `the policy does not match ${missing.join(', ')}` });
  return problems;
}

const kubernetes = eachResource(['Namespace'], (ns, context) => {
  const bindings = context.artifact.resources.filter((r) => {
    if (r.type !== 'ValidatingAdmissionPolicyBinding') return false;
    const actions = isList(at(r.properties, 'spec', 'validationActions')) ? (at(r.properties, 'spec', 'validationActions') as Value[]).map(literalString) : [];
    const selected = literalString(at(r.properties, 'spec', 'matchResources', 'namespaceSelector', 'matchLabels', 'kubernetes.io/metadata.name'));
    return actions.includes('Deny') && selected === (label(ns, 'kubernetes.io/metadata.name') ?? ns.name);
  });
  const policies = bindings
    .map((b) => literalString(at(b.properties, 'spec', 'policyName')))
    .map((name) => context.artifact.resources.find((r) => r.type === 'ValidatingAdmissionPolicy' && r.name === name))
    .filter((p): p is Resource => p !== undefined);
  if (policies.length === 0) {
    return nonCompliant(ns, '', `namespace ${ns.name} is not bound (validationActions Deny, namespaceSelector kubernetes.io/metadata.name) to a ValidatingAdmissionPolicy in this artifact`);
  }
  const judged = policies.map((p) => ({ policy: p, problems: policyProblems(p, context) }));
  const good = judged.find((j) => j.problems.length === 0);
  if (good) return compliant(good.policy, 'spec');
  return judged.flatMap((j): Evaluation[] => j.problems.map((p) => nonCompliant(j.policy, p.path, p.message)));
});

export const rule: RuleDefinition = {
  id: 'SBX-K8S-006',
  title: 'Every tenant namespace is bound to the workload admission policy with the catalog’s CEL',
  rationale: 'The workload rules (SBX-K8S-010…018) are enforced twice from one text: in CI by this catalog, and in the cluster by the namespace’s ValidatingAdmissionPolicy. That only holds if the policy in the manifests carries exactly the catalog’s expressions, fails closed, matches every workload kind and is bound with Deny to the namespace.',
  remediation: 'Regenerate the manifests with `sandbox synth --engine kubernetes`; do not edit the admission policy by hand.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'nen-7510-8-9'],
  crossReferences: {},
  implementations: { kubernetes },
};
