import { at, literalString } from '../model/value.ts';
import { compliant, eachResource, nonCompliant, type RuleDefinition } from '../rule.ts';

/** ClusterRoles whose grant inside a namespace still reaches beyond what a tenant person needs. */
const TOO_BROAD = new Set(['cluster-admin', 'admin']);

const kubernetes = eachResource(['ClusterRoleBinding', 'RoleBinding'], (binding) => {
  if (binding.type === 'ClusterRoleBinding') {
    return nonCompliant(binding, '', `${binding.id} grants its role in every namespace of the shared cluster, other tenants’ included`);
  }
  const kind = literalString(at(binding.properties, 'roleRef', 'kind'));
  const name = literalString(at(binding.properties, 'roleRef', 'name'));
  if (kind === 'ClusterRole' && name !== undefined && TOO_BROAD.has(name)) {
    return nonCompliant(binding, 'roleRef.name', `${binding.id} binds the ClusterRole ${name}, which includes managing the namespace’s own RBAC`);
  }
  return compliant(binding, 'roleRef');
});

export const rule: RuleDefinition = {
  id: 'SBX-K8S-004',
  title: 'No cluster-wide role bindings; namespace bindings do not hand out admin',
  rationale: 'Tenants share a cluster: a ClusterRoleBinding reaches every namespace, other tenants’ data included. Tenant persons get namespaced Roles bound by RoleBindings, never cluster-admin or admin.',
  remediation: 'Replace ClusterRoleBindings with RoleBindings in the tenant namespace, bound to Roles that list only the verbs the person role needs.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ehds-73-1', 'nen-7510-8-2', 'nen-7510-5-15'],
  crossReferences: {},
  implementations: { kubernetes },
};
