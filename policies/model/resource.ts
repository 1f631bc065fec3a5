import type { Value, ValueObject } from './value.ts';

export const ARTIFACT_FORMATS = ['cloudformation', 'terraform', 'kubernetes'] as const;
export type ArtifactFormat = (typeof ARTIFACT_FORMATS)[number];

/**
 * One deployable thing of an artifact, whatever the format: a CloudFormation resource, a Terraform
 * resource, data source, provider or settings block, or a Kubernetes object. Findings name it by
 * `id` and a property path below `pathPrefix`.
 */
export interface Resource {
  readonly format: ArtifactFormat;
  /** The file (or artifact path) it came from. */
  readonly file: string;
  /**
   * How a reader finds it: the CloudFormation logical id, the Terraform address
   * (`aws_s3_bucket.datasets`, `data.aws_iam_policy_document.p`, `provider.aws`), or the
   * Kubernetes kind and name (`Job/sbx-x/load-data`, `Namespace/sbx-x`).
   */
  readonly id: string;
  /** `AWS::S3::Bucket`, `aws_s3_bucket`, `provider.aws`, or the Kubernetes kind (`NetworkPolicy`). */
  readonly type: string;
  /** The body: CloudFormation `Properties`, the Terraform block, the whole Kubernetes object. */
  readonly properties: ValueObject;
  /** The effective tags (Terraform provider `default_tags` included) or Kubernetes labels. */
  readonly tags: Readonly<Record<string, Value>>;
  /** Where `properties` sits in the file, prefixed to every property path (`Properties`). */
  readonly pathPrefix: string;
  /** Kubernetes only. */
  readonly namespace?: string;
  readonly name?: string;
}

export interface NormalisedArtifact {
  readonly file: string;
  readonly format: ArtifactFormat;
  readonly resources: readonly Resource[];
  /** Resources by id, for following references. */
  readonly byId: ReadonlyMap<string, Resource>;
  /**
   * The tenant this artifact belongs to, from its build path (`build/<id>/…`, `Sandbox-<id>`) or
   * else from its `sandbox:tenant` tags or `sbx-<id>` namespaces; undefined for platform artifacts
   * and files that name no tenant.
   */
  readonly tenant: string | undefined;
  /** `platform` for the organisation-wide stack (build/platform/…), which belongs to no tenant. */
  readonly scope: 'tenant' | 'platform';
  /**
   * The region a CloudFormation template will be deployed to, when the caller knows it (CDK's
   * validation context does); a template itself does not say.
   */
  readonly deployRegion?: string;
  /** 1-based line where a resource starts in the file, computed on demand (only findings need it). */
  lineOf(resource: Resource): number | undefined;
}

export function propertyPath(resource: Resource, path: string): string {
  if (resource.pathPrefix === '') return path;
  if (path === '') return resource.pathPrefix;
  return path.startsWith('[') ? `${resource.pathPrefix}${path}` : `${resource.pathPrefix}.${path}`;
}

/** What a format's normaliser produces; the dispatcher adds the file-level facts. */
export interface NormalisedResources {
  readonly format: ArtifactFormat;
  readonly resources: readonly Resource[];
}

const ANCHOR_NAMES: Readonly<Record<ArtifactFormat, string>> = { cloudformation: '(template)', terraform: '(configuration)', kubernetes: '(manifests)' };

/** The artifact as a whole, for findings about something it lacks (a log store for a class). */
export function artifactAnchor(artifact: Pick<NormalisedArtifact, 'file' | 'format'>): Resource {
  return { format: artifact.format, file: artifact.file, id: ANCHOR_NAMES[artifact.format], type: 'artifact', properties: {}, tags: {}, pathPrefix: '' };
}
