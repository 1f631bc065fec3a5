import { parseAllDocuments } from 'yaml';
import type { EngineName, EngineOutput } from '../stacks/engine.ts';

/**
 * The deployable resources in an engine's output, named the way each tool names them:
 * CloudFormation logical ids (per stack), Terraform addresses, Kubernetes kind/namespace/name.
 * Comparing a tenant's current rendering with its exited one gives what the next deploy removes,
 * which the exit report lists (AI Act Art. 57(7), 59(1)(g)).
 */

export interface ResourceRef {
  readonly engine: EngineName;
  /** Logical id / Terraform address / `Kind/namespace/name` (`Kind/name` when cluster-scoped). */
  readonly id: string;
  /** CloudFormation or Terraform resource type, or the Kubernetes apiVersion/kind. */
  readonly type: string;
  /** The CloudFormation stack (template) the logical id belongs to. */
  readonly stack?: string;
}

const TEMPLATE_SUFFIX = '.template.json';

function awsResources(path: string, content: string): ResourceRef[] {
  if (!path.endsWith(TEMPLATE_SUFFIX)) return [];
  const stack = path.slice(path.lastIndexOf('/') + 1, -TEMPLATE_SUFFIX.length);
  const resources = (JSON.parse(content) as { Resources?: Record<string, { Type?: string }> }).Resources ?? {};
  return Object.entries(resources).map(([id, r]) => ({ engine: 'aws', id, type: r.Type ?? 'unknown', stack }));
}

function terraformResources(path: string, content: string): ResourceRef[] {
  if (!path.endsWith('.tf.json')) return [];
  const byType = (JSON.parse(content) as { resource?: Record<string, Record<string, unknown>> }).resource ?? {};
  return Object.entries(byType).flatMap(([type, named]) => Object.keys(named).map((name) => ({ engine: 'terraform' as const, id: `${type}.${name}`, type })));
}

interface KubernetesObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly items?: readonly KubernetesObject[];
}

function kubernetesResources(path: string, content: string): ResourceRef[] {
  if (!/\.ya?ml$/.test(path)) return [];
  const objects = parseAllDocuments(content)
    .map((doc) => doc.toJSON() as KubernetesObject | null)
    .flatMap((o) => (o?.kind === 'List' ? (o.items ?? []) : o ? [o] : []));
  return objects
    .filter((o) => o.kind && o.metadata?.name)
    .map((o) => ({
      engine: 'kubernetes' as const,
      id: o.metadata!.namespace ? `${o.kind}/${o.metadata!.namespace}/${o.metadata!.name}` : `${o.kind}/${o.metadata!.name}`,
      type: `${o.apiVersion ?? ''}/${o.kind}`.replace(/^\//, ''),
    }));
}

const READERS: Readonly<Record<EngineName, (path: string, content: string) => ResourceRef[]>> = {
  aws: awsResources,
  terraform: terraformResources,
  kubernetes: kubernetesResources,
};

export function resourceInventory(outputs: readonly EngineOutput[]): ResourceRef[] {
  return outputs.flatMap((o) => o.artifacts.flatMap((a) => READERS[o.engine](a.path, a.content)));
}

function key(r: ResourceRef): string {
  return `${r.engine}\0${r.stack ?? ''}\0${r.id}`;
}

export interface ResourceDiff {
  /** In the current rendering, gone from the exited one: the next deploy deletes them. */
  readonly removed: readonly ResourceRef[];
  /** Still there after exit (log stores, the supervisor's read access, the key pending deletion…). */
  readonly retained: readonly ResourceRef[];
}

export function diffResources(current: readonly ResourceRef[], next: readonly ResourceRef[]): ResourceDiff {
  const after = new Set(next.map(key));
  const sort = (list: ResourceRef[]) => list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { removed: sort(current.filter((r) => !after.has(key(r)))), retained: sort([...next]) };
}
