import { PERSON_ROLES, peopleWithRole, type PersonRole, type Tenant } from '../../tenancy/index.ts';
import { DATASET_VOLUME_CLAIM } from './names.ts';
import { namespacedMeta } from './object-meta.ts';
import type { IRole, IRoleBinding, PolicyRule } from './types.ts';

/**
 * One Role and one RoleBinding per person role present in the plan, inside the tenant's namespace
 * only (AI Act Art. 59(1)(d), EHDS Art. 73(1): named, authorised persons; nothing cluster-wide).
 *
 * Subjects are Users named by the person's e-mail address, not by the plan's person id: ids are
 * unique only within one plan (u-100 may be someone else in the next tenant), while the e-mail is
 * the personal account the cluster's OIDC issuer attests (`--oidc-username-claim=email`, which the
 * API server accepts only with email_verified), the same person's in every tenant and never shared
 * by two people of a plan (the plan rules enforce that). The binding's annotation
 * maps each subject back to the plan's person id for the evidence report.
 *
 * Never granted to anyone: secrets (except platform engineers), pods/exec, pods/attach and
 * pods/portforward (each a way to carry data out of the sandbox past the export airlock, Art.
 * 59(1)(e)), and any write to RBAC, quotas, limit ranges or network policies (the plan owns those).
 */
const READ = ['get', 'list', 'watch'];
const MANAGE = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** What anyone working in the namespace may look at: its workloads, their logs and the limits they run under. */
const WORKLOAD_READ: readonly PolicyRule[] = [
  { apiGroups: [''], resources: ['events', 'limitranges', 'persistentvolumeclaims', 'pods', 'resourcequotas'], verbs: READ },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: READ },
];

/** The supervisor's view: everything in the namespace except secrets, including who has access. */
const NAMESPACE_READ: readonly PolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'events', 'limitranges', 'persistentvolumeclaims', 'pods', 'resourcequotas', 'serviceaccounts', 'services'], verbs: READ },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: READ },
];

/** Read-only in every lifecycle state; the base of the active roles, and all that is left when suspended. */
const READ_ONLY: Readonly<Record<PersonRole, readonly PolicyRule[]>> = {
  innovator: WORKLOAD_READ,
  'data-steward': WORKLOAD_READ,
  supervisor: NAMESPACE_READ,
  'platform-engineer': NAMESPACE_READ,
};

/** What each role may change while the tenant is active. */
const ACTIVE_WRITES: Readonly<Record<PersonRole, readonly PolicyRule[]>> = {
  // Run model jobs; the VAP decides what a job may contain.
  innovator: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: MANAGE }],
  // Look after the dataset volume (resize, replace); create cannot be limited by name, so it is not granted.
  'data-steward': [{ apiGroups: [''], resources: ['persistentvolumeclaims'], resourceNames: [DATASET_VOLUME_CLAIM], verbs: ['delete', 'patch', 'update'] }],
  supervisor: [],
  // Operate the objects the quota counts; never RBAC, so nobody can widen their own access.
  'platform-engineer': [
    { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'pods', 'secrets', 'services'], verbs: MANAGE },
    { apiGroups: ['batch'], resources: ['jobs'], verbs: MANAGE },
  ],
};

export const roleName = (role: PersonRole): string => `sandbox-${role}`;

/** Rules on the same resources merge into one with the union of their verbs, so a reader sees each grant once. */
function mergeRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const merged = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const key = JSON.stringify([rule.apiGroups, rule.resources, rule.resourceNames ?? []]);
    const seen = merged.get(key);
    // Fresh objects: the rules go to YAML and to Pulumi, which must not share mutable state.
    merged.set(key, seen ? { ...seen, verbs: [...new Set([...seen.verbs, ...rule.verbs])].sort() } : structuredClone(rule));
  }
  return [...merged.values()];
}

export function rulesFor(role: PersonRole, status: Tenant['status']): PolicyRule[] {
  return mergeRules(status === 'active' ? [...READ_ONLY[role], ...ACTIVE_WRITES[role]] : READ_ONLY[role]);
}

/** Roles and bindings for the roles that have people, in the plan's role order. */
export function tenantRbac(tenant: Tenant): { roles: IRole[]; bindings: IRoleBinding[] } {
  const roles: IRole[] = [];
  const bindings: IRoleBinding[] = [];
  for (const role of PERSON_ROLES) {
    const people = [...peopleWithRole(tenant, role)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (people.length === 0) continue;
    const name = roleName(role);
    roles.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: namespacedMeta(tenant, name), rules: rulesFor(role, tenant.status) });
    bindings.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: namespacedMeta(tenant, name, { annotations: { 'sandbox/people': people.map((p) => `${p.id}=${p.email}`).join(',') } }),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: people.map((p) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: p.email })),
    });
  }
  return { roles, bindings };
}
