// One module per kind: the group index modules load every model of the group (a second of startup).
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { KubernetesKind, KubernetesObject } from './types.ts';

/** The kubernetes-models class of each kind we emit; its validate() checks the object against the API's OpenAPI schema. */
const MODELS: Readonly<Record<KubernetesKind, new (data: never) => { validate(): void }>> = {
  Namespace,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  NetworkPolicy,
  ResourceQuota,
  LimitRange,
  ServiceAccount,
  Role,
  RoleBinding,
  PersistentVolumeClaim,
  Job,
};

/** Throws naming the object and the schema violation: a builder bug, never bad input (the plan is validated before). */
export function validateManifest(object: KubernetesObject): void {
  const Model = MODELS[object.kind];
  try {
    new Model(structuredClone(object) as never).validate();
  } catch (error) {
    const where = `${object.kind} ${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name ?? '(unnamed)'}`;
    throw new Error(`${where} does not match the Kubernetes API schema: ${(error as Error).message}`, { cause: error });
  }
}

/** Whether `kind` is one this engine emits (and so one the Pulumi program knows how to register). */
export function isKubernetesKind(kind: unknown): kind is KubernetesKind {
  return typeof kind === 'string' && Object.hasOwn(MODELS, kind);
}
