import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import type { IValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { ILimitRange } from 'kubernetes-models/v1/LimitRange';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

/** The kinds a tenant's workload space is made of, typed by kubernetes-models. */
export type {
  IJob,
  ILimitRange,
  INamespace,
  INetworkPolicy,
  IPersistentVolumeClaim,
  IResourceQuota,
  IRole,
  IRoleBinding,
  IServiceAccount,
  IValidatingAdmissionPolicy,
  IValidatingAdmissionPolicyBinding,
};

export type KubernetesObject =
  | INamespace
  | IValidatingAdmissionPolicy
  | IValidatingAdmissionPolicyBinding
  | INetworkPolicy
  | IResourceQuota
  | ILimitRange
  | IServiceAccount
  | IRole
  | IRoleBinding
  | IPersistentVolumeClaim
  | IJob;

export type KubernetesKind = KubernetesObject['kind'];
export type ObjectMeta = NonNullable<INamespace['metadata']>;
export type PolicyRule = NonNullable<IRole['rules']>[number];
