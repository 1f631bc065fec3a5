import { eachTenantNamespace, label, namespaceLabel } from '../kubernetes/objects.ts';
import { compliant, nonCompliant, type RuleDefinition } from '../rule.ts';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

const kubernetes = eachTenantNamespace((ns) => {
  if (!ns.declared) return nonCompliant(ns.resource, '', `${namespaceLabel(ns)}: nothing in the artifact makes it enforce Pod Security level restricted; define the Namespace here with ${ENFORCE}: restricted`);
  const level = label(ns.resource, ENFORCE);
  return level === 'restricted'
    ? compliant(ns.resource, `metadata.labels.${ENFORCE}`)
    : nonCompliant(ns.resource, `metadata.labels.${ENFORCE}`, `namespace ${ns.name} enforces Pod Security level ${level ?? '(none: privileged)'}, not restricted`);
});

export const rule: RuleDefinition = {
  id: 'SBX-K8S-001',
  title: 'Tenant namespaces enforce the restricted Pod Security Standard',
  rationale: 'The built-in Pod Security admission at level restricted rejects privileged pods, host namespaces, root users and privilege escalation before any custom policy runs: a second, independent line behind the tenant’s ValidatingAdmissionPolicy.',
  remediation: 'Label the namespace pod-security.kubernetes.io/enforce: restricted (and audit/warn restricted).',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'nen-7510-8-9', 'nen-7510-8-2'],
  crossReferences: {},
  implementations: { kubernetes },
};
