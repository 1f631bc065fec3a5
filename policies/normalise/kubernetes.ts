import type { NormalisedResources, Resource } from '../model/resource.ts';
import { isObject, type Value, type ValueObject } from '../model/value.ts';

/** Kinds that live outside any namespace: their id is `Kind/name`. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'RuntimeClass', 'CustomResourceDefinition',
  'ClusterRole', 'ClusterRoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'APIService', 'IngressClass', 'CSIDriver', 'VolumeAttachment',
]);

export interface KubernetesDocument {
  readonly object: Record<string, unknown>;
  readonly line: number;
}

/** Every document of a multi-document YAML stream (and every item of a `kind: List`). */
export function normaliseKubernetes(file: string, documents: readonly KubernetesDocument[]): NormalisedResources & { readonly lines: ReadonlyMap<Resource, number> } {
  const resources: Resource[] = [];
  const lines = new Map<Resource, number>();
  const add = (object: Record<string, unknown>, line: number) => {
    if (object.kind === 'List' && Array.isArray(object.items)) {
      for (const item of object.items) if (isObject(item as Value)) add(item as Record<string, unknown>, line);
      return;
    }
    const properties = object as ValueObject;
    const metadata = isObject(properties.metadata) ? properties.metadata : {};
    const kind = typeof object.kind === 'string' ? object.kind : '(no kind)';
    const name = typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    const id = CLUSTER_SCOPED.has(kind) || namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
    const resource: Resource = {
      format: 'kubernetes',
      file,
      id,
      type: kind,
      properties,
      tags: isObject(metadata.labels) ? metadata.labels : {},
      pathPrefix: '',
      name,
      ...(namespace !== undefined ? { namespace } : {}),
    };
    resources.push(resource);
    lines.set(resource, line);
  };
  for (const doc of documents) add(doc.object, doc.line);
  return { format: 'kubernetes', resources, lines };
}
