import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { RUNS_AFTER_ANNOTATION } from '../dataset-combine-jobs.ts';
import type { KubernetesKind, KubernetesObject } from '../types.ts';

/**
 * Registers the tenant's manifests with @pulumi/kubernetes, one typed resource per object with the
 * object itself as its arguments: what `pulumi up` deploys is, field for field, what
 * `sandbox synth` wrote to manifests.yaml (see checked-manifests.ts).
 */
type ObjectOfKind<K extends KubernetesKind> = Extract<KubernetesObject, { kind: K }>;
type Registrar<O extends KubernetesObject> = (name: string, object: O, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

// Where the kubernetes-models type is assignable to the @pulumi/kubernetes arguments, the compiler
// checks that the two typings of the Kubernetes API agree. `bridge` covers the kinds where they
// differ only in ways our builders never use: quantities (kubernetes-models allows numbers, Pulumi
// strings; ours are always strings) and spec optionality.
const bridge = <T>(object: KubernetesObject): T => object as unknown as T;

const REGISTRARS: { readonly [K in KubernetesKind]: Registrar<ObjectOfKind<K>> } = {
  Namespace: (n, o, opts) => new k8s.core.v1.Namespace(n, o, opts),
  ValidatingAdmissionPolicy: (n, o, opts) => new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(n, o, opts),
  ValidatingAdmissionPolicyBinding: (n, o, opts) => new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(n, bridge<k8s.admissionregistration.v1.ValidatingAdmissionPolicyBindingArgs>(o), opts),
  NetworkPolicy: (n, o, opts) => new k8s.networking.v1.NetworkPolicy(n, o, opts),
  ResourceQuota: (n, o, opts) => new k8s.core.v1.ResourceQuota(n, bridge<k8s.core.v1.ResourceQuotaArgs>(o), opts),
  LimitRange: (n, o, opts) => new k8s.core.v1.LimitRange(n, bridge<k8s.core.v1.LimitRangeArgs>(o), opts),
  ServiceAccount: (n, o, opts) => new k8s.core.v1.ServiceAccount(n, o, opts),
  Role: (n, o, opts) => new k8s.rbac.v1.Role(n, o, opts),
  RoleBinding: (n, o, opts) => new k8s.rbac.v1.RoleBinding(n, o, opts),
  PersistentVolumeClaim: (n, o, opts) => new k8s.core.v1.PersistentVolumeClaim(n, bridge<k8s.core.v1.PersistentVolumeClaimArgs>(o), opts),
  Job: (n, o, opts) => new k8s.batch.v1.Job(n, bridge<k8s.batch.v1.JobArgs>(o), opts),
};

function register(name: string, object: KubernetesObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  return (REGISTRARS[object.kind] as Registrar<KubernetesObject>)(name, object, opts);
}

/** The Pulumi resource name: `<namespace>/<name>` for namespaced objects, `<name>` for cluster-wide ones. */
export function pulumiResourceName(object: KubernetesObject): string {
  const name = object.metadata?.name ?? '';
  return object.metadata?.namespace ? `${object.metadata.namespace}/${name}` : name;
}

/**
 * Dependencies mirror the apply order: namespaced objects wait for their namespace, the binding
 * for its policy, and the dataset Jobs for every other object, so no workload is created before
 * the admission policy, the network isolation and the quota are in place. A Job that names
 * another in its `sandbox/runs-after` annotation (a dataset's combine Job, its loader) waits for
 * that one too, and Pulumi waits for a Job to complete, so the combiner finds every shard. The
 * loaders do not wait for each other: the datasets load side by side (the quota is shared out
 * between them, see dataset-load-jobs.ts). The provider deletes in the reverse order, and names
 * every object explicitly, so replacements delete before they create.
 */
export function registerWorkloadSpace(objects: readonly KubernetesObject[], options: pulumi.CustomResourceOptions = {}): pulumi.CustomResource[] {
  const workspace: pulumi.CustomResource[] = [];
  let namespace: pulumi.CustomResource | undefined;
  let policy: pulumi.CustomResource | undefined;
  for (const object of objects.filter((o) => o.kind !== 'Job')) {
    const dependsOn =
      object.kind === 'ValidatingAdmissionPolicyBinding' && policy ? [policy] : object.metadata?.namespace && namespace ? [namespace] : [];
    const resource = register(pulumiResourceName(object), object, { ...options, dependsOn });
    if (object.kind === 'Namespace') namespace = resource;
    if (object.kind === 'ValidatingAdmissionPolicy') policy = resource;
    workspace.push(resource);
  }
  const jobs = new Map<string, pulumi.CustomResource>();
  for (const job of objects.filter((o) => o.kind === 'Job')) {
    const after = job.metadata?.annotations?.[RUNS_AFTER_ANNOTATION];
    const predecessor = after === undefined ? undefined : jobs.get(after);
    if (after !== undefined && !predecessor) throw new Error(`Job ${pulumiResourceName(job)} runs after Job ${after}, which comes nowhere before it`);
    jobs.set(
      job.metadata?.name ?? '',
      register(pulumiResourceName(job), job, {
        ...options,
        dependsOn: [...workspace, ...(predecessor ? [predecessor] : [])],
        // A dataset Job is done when its shards are; larger datasets take longer than the default 10 minutes.
        customTimeouts: { create: '60m', update: '60m' },
      }),
    );
  }
  return [...workspace, ...jobs.values()];
}
