import type { Tenant } from '../../tenancy/index.ts';
import { workloadAdmissionPolicy, workloadAdmissionPolicyBinding } from './admission-policy.ts';
import { datasetCombineJob } from './dataset-combine-jobs.ts';
import { datasetLoadJob } from './dataset-load-jobs.ts';
import { datasetVolumeClaim } from './dataset-volume.ts';
import { tenantLimitRange } from './limit-range.ts';
import { tenantNamespace } from './namespace.ts';
import { defaultDenyPolicy, dnsEgressPolicy } from './network-policies.ts';
import { tenantRbac } from './rbac.ts';
import { tenantResourceQuota } from './resource-quota.ts';
import { workloadServiceAccount } from './service-account.ts';
import type { KubernetesObject } from './types.ts';

/**
 * The tenant's Kubernetes workload space, in apply order: the namespace, then the admission policy
 * (in force before any workload can arrive), isolation, limits, identities and access, the data
 * volume, and last the workloads: per dataset, the Job that generates its shards and the Job that
 * joins them into the dataset models read. The same list is written to manifests.yaml, which the
 * Pulumi program deploys once it has checked the file against the recorded fingerprint.
 *
 * Lifecycle (AI Act Art. 57(11), 59(1)(c) and (g)):
 * - active: everything above.
 * - suspended: every role read-only, the quota holds pods, jobs and services at 0, the dataset
 *   Jobs are gone (deleting a Job deletes its pods), and the DNS allowance is withdrawn so the
 *   default-deny policy isolates the namespace completely. The dataset volume and the admission
 *   policy stay, so resuming is one `pulumi up` away and nothing unchecked can start meanwhile.
 * - exited: nothing. The evidence a supervisor needs (logs, ledger, reports) lives in the log
 *   stores outside the cluster; the namespace holds only personal data to be deleted and
 *   identities to be revoked, so the next deploy deletes the namespace with the dataset volume in
 *   it, the bindings, and the tenant's admission policy.
 */
export function kubernetesManifests(tenant: Tenant): KubernetesObject[] {
  if (tenant.status === 'exited') return [];
  const active = tenant.status === 'active';
  const { roles, bindings } = tenantRbac(tenant);
  return [
    tenantNamespace(tenant),
    workloadAdmissionPolicy(tenant),
    workloadAdmissionPolicyBinding(tenant),
    defaultDenyPolicy(tenant),
    ...(active ? [dnsEgressPolicy(tenant)] : []),
    tenantResourceQuota(tenant),
    tenantLimitRange(tenant),
    workloadServiceAccount(tenant),
    ...roles,
    ...bindings,
    datasetVolumeClaim(tenant),
    ...(active ? tenant.datasets.flatMap((d) => [datasetLoadJob(tenant, d), datasetCombineJob(tenant, d)]) : []),
  ];
}
