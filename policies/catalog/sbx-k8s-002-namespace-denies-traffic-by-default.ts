import { eachTenantNamespace, inNamespace, namespaceLabel, selectsAll, stringList } from '../kubernetes/objects.ts';
import type { Resource } from '../model/resource.ts';
import { at, isList } from '../model/value.ts';
import { compliant, nonCompliant, type RuleDefinition } from '../rule.ts';

/** A policy that selects every pod and, for the direction, lists the type and no rule: deny all. */
function deniesAll(policy: Resource, direction: 'Ingress' | 'Egress'): boolean {
  const spec = at(policy.properties, 'spec');
  if (!selectsAll(at(spec, 'podSelector'))) return false;
  const types = stringList(at(spec, 'policyTypes'));
  const rules = at(spec, direction === 'Ingress' ? 'ingress' : 'egress');
  // Without policyTypes, Kubernetes infers Ingress always and Egress only when egress rules exist.
  const applies = types.length > 0 ? types.includes(direction) : direction === 'Ingress';
  return applies && (rules === undefined || (isList(rules) && rules.length === 0));
}

/** Cross-resource: each tenant namespace of the artifact (declared or only used) has default-deny NetworkPolicies in both directions. */
const kubernetes = eachTenantNamespace((ns, context) => {
  const policies = inNamespace(context.artifact, ns.name, 'NetworkPolicy');
  const missing = (['Ingress', 'Egress'] as const).filter((d) => !policies.some((p) => deniesAll(p, d)));
  if (missing.length === 0) return compliant(ns.resource, '');
  return nonCompliant(ns.resource, '', `${namespaceLabel(ns)} has no default-deny NetworkPolicy for ${missing.join(' and ')} (podSelector {}, policyTypes [${missing.join(', ')}], no rules)`);
});

export const rule: RuleDefinition = {
  id: 'SBX-K8S-002',
  title: 'Every tenant namespace denies all ingress and egress by default',
  rationale: 'Kubernetes lets every pod talk to every other pod and to the internet until a NetworkPolicy says otherwise. A default-deny policy in both directions makes the namespace the functionally separate environment AI Act Art. 59(1)(d) asks for; each needed flow (DNS) is then allowed explicitly.',
  remediation: 'Add a NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] and no rules to each tenant namespace.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ai-act-59-1-e', 'ai-act-59-1-f', 'nen-7510-8-22'],
  crossReferences: {},
  implementations: { kubernetes },
};
