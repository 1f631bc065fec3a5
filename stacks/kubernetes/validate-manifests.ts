import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { LimitRange, Namespace, PersistentVolumeClaim, ResourceQuota, ServiceAccount } from 'kubernetes-models/v1';
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
