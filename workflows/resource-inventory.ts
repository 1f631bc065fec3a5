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
  /** For an S3 bucket: its name and whether deleting the resource deletes its objects too. */
  readonly store?: StoreRef;
  /** CloudFormation's DeletionPolicy Retain: dropped from the template, it leaves the stack but stays in the account. */
  readonly retainedOnDelete?: true;
}

export interface StoreRef {
  /**
   * As shell text: `${ACCOUNT_ID}` / `${AWS_REGION}` stand for CloudFormation's pseudo parameters,
   * a name chosen at deploy time is a `$(aws cloudformation describe-stack-resource …)`;
   * Terraform keeps its own interpolations.
   */
  readonly bucket: string;
  /**
   * CloudFormation refuses to delete a bucket that holds any object version (false); Terraform's
   * `force_destroy` deletes every version with the bucket (true).
   */
  readonly deletedWithObjects: boolean;
}

const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = { 'AWS::AccountId': '${ACCOUNT_ID}', 'AWS::Region': '${AWS_REGION}', 'AWS::Partition': '${AWS_PARTITION}' };

/** A CloudFormation string made of literals and pseudo parameters, as shell text; undefined for anything else. */
function cfnText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return PSEUDO_PARAMETERS[ref];
  const join = (value as { 'Fn::Join'?: unknown })['Fn::Join'];
  if (!Array.isArray(join) || typeof join[0] !== 'string' || !Array.isArray(join[1])) return undefined;
  const parts = (join[1] as unknown[]).map(cfnText);
  return parts.every((p) => p !== undefined) ? parts.join(join[0]) : undefined;
}

const TEMPLATE_SUFFIX = '.template.json';

function physicalIdCommand(stack: string, logicalId: string): string {
  return `$(aws cloudformation describe-stack-resource --stack-name ${stack} --logical-resource-id ${logicalId} --query StackResourceDetail.PhysicalResourceId --output text)`;
}

function awsResources(path: string, content: string): ResourceRef[] {
  if (!path.endsWith(TEMPLATE_SUFFIX)) return [];
  const stack = path.slice(path.lastIndexOf('/') + 1, -TEMPLATE_SUFFIX.length);
  const resources = (JSON.parse(content) as { Resources?: Record<string, { Type?: string; DeletionPolicy?: string; Properties?: { BucketName?: unknown } }> }).Resources ?? {};
  return Object.entries(resources).map(([id, r]) => {
    // A name CloudFormation makes up at deploy time is asked from the stack, as shell text too.
    const bucket = r.Type === 'AWS::S3::Bucket' ? (cfnText(r.Properties?.BucketName) ?? physicalIdCommand(stack, id)) : undefined;
    return {
      engine: 'aws',
      id,
      type: r.Type ?? 'unknown',
      stack,
      ...(bucket !== undefined && { store: { bucket, deletedWithObjects: false } }),
      ...(r.DeletionPolicy?.startsWith('Retain') && { retainedOnDelete: true as const }),
    };
  });
}

function terraformResources(path: string, content: string): ResourceRef[] {
  if (!path.endsWith('.tf.json')) return [];
  const byType = (JSON.parse(content) as { resource?: Record<string, Record<string, { bucket?: unknown; force_destroy?: unknown }>> }).resource ?? {};
  return Object.entries(byType).flatMap(([type, named]) =>
    Object.entries(named).map(([name, r]) => ({
      engine: 'terraform' as const,
      id: `${type}.${name}`,
      type,
      ...(type === 'aws_s3_bucket' && { store: { bucket: typeof r.bucket === 'string' ? r.bucket : `${type}.${name}`, deletedWithObjects: r.force_destroy === true } }),
    })),
  );
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
  /** Gone from the exited rendering, but kept by their DeletionPolicy: the next deploy leaves them in the account. */
  readonly detached: readonly ResourceRef[];
  /** Still there after exit (log stores, the supervisor's read access, the key pending deletion…). */
  readonly retained: readonly ResourceRef[];
}

export function diffResources(current: readonly ResourceRef[], next: readonly ResourceRef[]): ResourceDiff {
  const after = new Set(next.map(key));
  const sort = (list: ResourceRef[]) => list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const dropped = current.filter((r) => !after.has(key(r)));
  return { removed: sort(dropped.filter((r) => !r.retainedOnDelete)), detached: sort(dropped.filter((r) => r.retainedOnDelete)), retained: sort([...next]) };
}
