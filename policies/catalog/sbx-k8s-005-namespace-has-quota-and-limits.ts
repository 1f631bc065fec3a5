import { eachTenantNamespace, inNamespace, namespaceLabel } from '../kubernetes/objects.ts';
import { at, isObject } from '../model/value.ts';
import { compliant, nonCompliant, type Evaluation, type RuleDefinition } from '../rule.ts';

/** Cross-resource: each tenant namespace (declared or only used) has a ResourceQuota bounding CPU and memory, and a LimitRange with defaults. */
const kubernetes = eachTenantNamespace((tenantNs, context) => {
  const ns = tenantNs.resource;
  const out: Evaluation[] = [];
  const quotas = inNamespace(context.artifact, tenantNs.name, 'ResourceQuota');
  const bounded = quotas.some((q) => {
    const hard = at(q.properties, 'spec', 'hard');
    return isObject(hard) && ['limits.cpu', 'cpu', 'requests.cpu'].some((k) => k in hard) && ['limits.memory', 'memory', 'requests.memory'].some((k) => k in hard);
  });
  if (!bounded) out.push(nonCompliant(ns, '', `${namespaceLabel(tenantNs)} has no ResourceQuota bounding CPU and memory`));
  if (inNamespace(context.artifact, tenantNs.name, 'LimitRange').length === 0) out.push(nonCompliant(ns, '', `${namespaceLabel(tenantNs)} has no LimitRange`));
  return out.length > 0 ? out : [compliant(ns, '')];
});

export const rule: RuleDefinition = {
  id: 'SBX-K8S-005',
  title: 'Every tenant namespace has a ResourceQuota and a LimitRange',
  rationale: 'On a shared cluster one tenant’s model must not starve another’s or the platform’s monitoring; the quota holds the tenant to the compute of its plan, and the LimitRange gives every container bounds even when a manifest forgets them.',
  remediation: 'Add a ResourceQuota with CPU and memory limits from spec.compute, and a LimitRange with default requests and limits.',
  severity: 'error',
  supports: ['ai-act-59-1-c', 'nen-7510-8-9'],
  crossReferences: {},
  implementations: { kubernetes },
};
