import type { KubernetesObject } from '../../stacks/kubernetes/index.ts';

export type Of<K extends KubernetesObject['kind']> = Extract<KubernetesObject, { kind: K }>;

export const ofKind = <K extends KubernetesObject['kind']>(objects: readonly KubernetesObject[], kind: K): Of<K>[] =>
  objects.filter((o): o is Of<K> => o.kind === kind);
