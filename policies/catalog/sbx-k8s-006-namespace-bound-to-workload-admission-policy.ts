import canonicalize from 'canonicalize';
import { eachTenantNamespace, label, namespaceLabel } from '../kubernetes/objects.ts';
import { allowedRegistries } from '../kubernetes/workload-cel-check.ts';
import type { Resource } from '../model/resource.ts';
import { at, isList, isObject, literalString, type Value } from '../model/value.ts';
import { compliant, nonCompliant, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';
import { WORKLOAD_RESOURCE_RULES, workloadAdmissionCel, workloadBindingMatchResources, workloadMatchConstraints } from '../workload-cel/index.ts';

/**
 * Cross-resource: each namespace is bound (Deny) to a ValidatingAdmissionPolicy that carries the
 * catalog's workload CEL verbatim, fails closed and matches every workload kind, exactly as the
 * engine writes it: no match conditions, no exclusions, no selectors on the policy, and a binding
 * that selects the namespace and nothing narrower. This is what makes the CI check and the cluster
 * one rule: a hand-edited policy or binding that drops, weakens or sidesteps an expression is
 * caught here, before deploy.
 */
interface Problem {
  readonly resource: Resource;
  readonly path: string;
  readonly message: string;
}

const pairs = (list: Value | undefined, a: string, b: string) =>
  (isList(list) ? list : []).map((x) => [literalString(at(x, a)) ?? '', literalString(at(x, b)) ?? ''].join('\u0000'));

const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);

/**
 * What the API server writes when a field is left out, and which matches everything: an empty
 * selector and matchPolicy Equivalent. A manifest read back from a cluster carries them.
 */
function withoutNeutralDefaults(match: Value | undefined): Value | undefined {
  if (!isObject(match)) return match;
  const out: Record<string, Value> = {};
  for (const [key, value] of Object.entries(match)) {
    const neutral = ((key === 'namespaceSelector' || key === 'objectSelector') && isObject(value) && Object.keys(value).length === 0) || (key === 'matchPolicy' && value === 'Equivalent');
    if (!neutral) out[key] = value;
  }
  return out;
}

function matchProblems(policy: Resource): Problem[] {
  const spec = at(policy.properties, 'spec');
  const problems: Problem[] = [];
  const conditions = at(spec, 'matchConditions');
  if (conditions !== undefined && !(isList(conditions) && conditions.length === 0)) {
    problems.push({ resource: policy, path: 'spec.matchConditions', message: 'the policy has matchConditions: every object they do not match is admitted unchecked; the engine writes none' });
  }
  const want: Record<string, unknown> = workloadMatchConstraints();
  const have = withoutNeutralDefaults(at(spec, 'matchConstraints'));
  const haveKeys = isObject(have) ? Object.keys(have) : [];
  for (const key of new Set([...Object.keys(want), ...haveKeys])) {
    const value = isObject(have) ? have[key] : undefined;
    if (same(value, want[key])) continue;
    const path = `spec.matchConstraints.${key}`;
    if (key === 'resourceRules') {
      const resources = new Set((isList(value) ? value : []).flatMap((r) => (isList(at(r, 'resources')) ? (at(r, 'resources') as Value[]).map(literalString) : [])));
      const missing = WORKLOAD_RESOURCE_RULES.flatMap((r) => r.resources).filter((r) => !resources.has(r));
      problems.push({ resource: policy, path, message: `the policy's resource rules differ from what the engine writes (every workload kind, CREATE and UPDATE)${missing.length > 0 ? `: it does not match ${missing.join(', ')}` : ''}` });
    } else if (key === 'excludeResourceRules') {
      problems.push({ resource: policy, path, message: 'the policy excludes resources from the workload rules; the engine excludes none' });
    } else {
      problems.push({ resource: policy, path, message: `the policy's matchConstraints.${key} narrows what the workload rules see; the engine writes only resourceRules` });
    }
  }
  return problems;
}

function policyProblems(policy: Resource, context: CheckContext): Problem[] {
  const expected = workloadAdmissionCel({ allowedRegistries: allowedRegistries(context) ?? [] });
  const spec = at(policy.properties, 'spec');
  const problems: Problem[] = [];
  const wantValidations = expected.validations.map((v) => v.expression);
  const haveValidations = (isList(at(spec, 'validations')) ? (at(spec, 'validations') as Value[]) : []).map((v) => literalString(at(v, 'expression')) ?? '');
  wantValidations.forEach((expr, i) => {
    if (!haveValidations.includes(expr)) problems.push({ resource: policy, path: 'spec.validations', message: `the policy lacks the catalog's expression for ${expected.validations[i]!.message.split(':')[0]} (or it was edited)` });
  });
  // Registries come from the plan when it is known; otherwise the policy's own list is taken as given.
  const wantVariables = expected.variables.map((v) => [v.name, v.expression].join('\u0000'));
  const haveVariables = pairs(at(spec, 'variables'), 'name', 'expression');
  if (context.tenant ? wantVariables.join('\n') !== haveVariables.join('\n') : wantVariables.slice(0, -1).some((v) => !haveVariables.includes(v))) {
    problems.push({ resource: policy, path: 'spec.variables', message: 'the policy’s variables differ from policies/workload-cel (podSpec, containers or the tenant’s allowed registries)' });
  }
  if (literalString(at(spec, 'failurePolicy')) !== 'Fail') problems.push({ resource: policy, path: 'spec.failurePolicy', message: 'failurePolicy must be Fail: an expression that cannot be evaluated must deny' });
  return [...problems, ...matchProblems(policy)];
}

function bindingProblems(binding: Resource, namespace: string): Problem[] {
  const spec = at(binding.properties, 'spec');
  const problems: Problem[] = [];
  const actions = isList(at(spec, 'validationActions')) ? (at(spec, 'validationActions') as Value[]).map(literalString) : [];
  if (!actions.includes('Deny')) problems.push({ resource: binding, path: 'spec.validationActions', message: `the binding does not deny (validationActions ${JSON.stringify(actions)}), so a refused workload is admitted anyway` });
  if (!same(withoutNeutralDefaults(at(spec, 'matchResources')), workloadBindingMatchResources(namespace))) {
    problems.push({ resource: binding, path: 'spec.matchResources', message: `the binding's matchResources differ from the namespace selector the engine writes (kubernetes.io/metadata.name ${namespace} and nothing else): whatever it leaves out is admitted unchecked` });
  }
  return problems;
}

const kubernetes = eachTenantNamespace((tenantNs, context) => {
  const ns = tenantNs.resource;
  const name = label(ns, 'kubernetes.io/metadata.name') ?? tenantNs.name;
  const bindings = context.artifact.resources.filter(
    (r) => r.type === 'ValidatingAdmissionPolicyBinding' && literalString(at(r.properties, 'spec', 'matchResources', 'namespaceSelector', 'matchLabels', 'kubernetes.io/metadata.name')) === name,
  );
  if (bindings.length === 0) {
    return nonCompliant(ns, '', `${namespaceLabel(tenantNs)} is not bound (validationActions Deny, namespaceSelector kubernetes.io/metadata.name) to a ValidatingAdmissionPolicy in this artifact`);
  }
  // Bindings add up: one binding of the generated policy, as generated, is enough.
  const judged = bindings.map((binding) => {
    const policyName = literalString(at(binding.properties, 'spec', 'policyName'));
    const policy = context.artifact.resources.find((r) => r.type === 'ValidatingAdmissionPolicy' && r.name === policyName);
    const problems = bindingProblems(binding, name);
    if (!policy) return { binding, policy, problems: [...problems, { resource: binding, path: 'spec.policyName', message: `the binding names policy ${policyName ?? '(none)'}, which is not in this artifact` }] };
    return { binding, policy, problems: [...problems, ...policyProblems(policy, context)] };
  });
  const good = judged.find((j) => j.problems.length === 0);
  if (good) return compliant(good.policy!, 'spec');
  return judged.flatMap((j): Evaluation[] => j.problems.map((p) => nonCompliant(p.resource, p.path, p.message)));
});

export const rule: RuleDefinition = {
  id: 'SBX-K8S-006',
  title: 'Every tenant namespace is bound to the workload admission policy with the catalog’s CEL',
  rationale:
    'The workload rules (SBX-K8S-010…019) are enforced twice from one text: in CI by this catalog, and in the cluster by the namespace’s ValidatingAdmissionPolicy. That only holds if the policy in the manifests carries exactly the catalog’s expressions, fails closed, matches every workload kind without match conditions, exclusions or selectors, and is bound with Deny to the whole namespace.',
  remediation: 'Regenerate the manifests with `sandbox synth --engine kubernetes`; do not edit the admission policy or its binding by hand.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'nen-7510-8-9'],
  crossReferences: {},
  implementations: { kubernetes },
};
