import type { ArtifactFormat } from '../model/resource.ts';

/**
 * The format of a parsed file, from its content alone (never from its name): a template has
 * `Resources` with CloudFormation types, Terraform JSON has its top-level blocks, and Kubernetes
 * objects carry a Kubernetes `apiVersion` and a `kind`.
 *
 * Detection tells apart three ways of not being an artifact, because they call for different
 * answers: a file that is plainly something else (a package.json, a data manifest) may be skipped
 * in a directory walk; a file shaped like an artifact that is not a valid one (a resource type no
 * CloudFormation has, one stray document in a manifest stream) is an input problem wherever it is
 * found, since skipping it would switch the check off for all of it; and an IAM policy document
 * (the platform's service control policy, written beside its template) is known not to deploy
 * anything by itself.
 */
export type Detection =
  | { readonly kind: 'artifact'; readonly format: ArtifactFormat }
  /** `malformed`: shaped like an artifact, so never to be skipped; `unrecognised`: plainly something else. */
  | { readonly kind: 'not-an-artifact' | 'malformed' | 'unrecognised'; readonly message: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const TERRAFORM_BLOCKS = ['resource', 'data', 'provider', 'terraform', 'module'] as const;
const TERRAFORM_KEYS = new Set<string>([...TERRAFORM_BLOCKS, 'variable', 'output', 'locals', 'check', 'import', 'moved', 'removed', '//']);

/** `v1`, `apps/v1`, `networking.k8s.io/v1`, `admissionregistration.k8s.io/v1`: not `regulatory-sandbox/v1`. */
const KUBERNETES_API_VERSION = /^(v\d+\w*|(apps|batch|policy|autoscaling)\/v\d+\w*|[a-z0-9-]+(\.[a-z0-9-]+)+\/v\d+\w*)$/;

/**
 * A CloudFormation resource type: `Vendor::Service::Type` (and `…::MODULE`), a custom resource
 * `Custom::Name` (CDK writes one for `autoDeleteObjects`, among others), or
 * `AWS::CloudFormation::CustomResource`.
 */
const CLOUDFORMATION_TYPE = /^(?:[\w-]+::[\w-]+::[\w-]+(?:::MODULE)?|Custom::[\w@-]{1,60})$/;

const INVALID_MESSAGE = 'is neither a CloudFormation template, Terraform JSON nor Kubernetes manifests';

function cloudFormation(doc: Record<string, unknown>): Detection | undefined {
  const resources = doc.Resources;
  const declared = 'AWSTemplateFormatVersion' in doc;
  if (!isRecord(resources)) return declared ? { kind: 'artifact', format: 'cloudformation' } : undefined;
  const entries = Object.entries(resources);
  const typed = entries.filter(([, r]) => isRecord(r) && typeof r.Type === 'string');
  // CDK leaves AWSTemplateFormatVersion out: a Resources map of typed entries is a template.
  if (!declared && typed.length === 0) return undefined;
  const bad = entries.filter(([, r]) => !(isRecord(r) && typeof r.Type === 'string' && CLOUDFORMATION_TYPE.test(r.Type)));
  if (bad.length === 0) return entries.length > 0 || declared ? { kind: 'artifact', format: 'cloudformation' } : undefined;
  const shown = bad.slice(0, 3).map(([id, r]) => `${id} (${isRecord(r) && r.Type !== undefined ? `Type ${JSON.stringify(r.Type)}` : 'no Type'})`);
  return {
    kind: 'malformed',
    message: `looks like a CloudFormation template, but Resources.${shown.join(', ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''} ${bad.length === 1 ? 'is' : 'are'} no CloudFormation resource (Type AWS::Service::Resource, Custom::Name…), so the template cannot be checked`,
  };
}

function terraform(doc: Record<string, unknown>): Detection | undefined {
  const keys = Object.keys(doc);
  if (!keys.some((k) => (TERRAFORM_BLOCKS as readonly string[]).includes(k))) return undefined;
  const foreign = keys.filter((k) => !TERRAFORM_KEYS.has(k));
  if (foreign.length === 0) return { kind: 'artifact', format: 'terraform' };
  return { kind: 'malformed', message: `looks like Terraform JSON, but has top-level keys Terraform does not know (${foreign.slice(0, 5).join(', ')}), so it cannot be checked` };
}

export function isKubernetesObject(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && typeof doc.kind === 'string' && typeof doc.apiVersion === 'string' && KUBERNETES_API_VERSION.test(doc.apiVersion);
}

/** An IAM policy document on its own (`Version`, `Statement`): the platform writes its SCP so. */
function isPolicyDocument(doc: Record<string, unknown>): boolean {
  return 'Statement' in doc && Object.keys(doc).every((k) => k === 'Version' || k === 'Statement' || k === 'Id');
}

export interface DetectedDocument {
  readonly data: unknown;
  /** 1-based line where the document starts. */
  readonly line: number;
}

export function detect(documents: readonly DetectedDocument[]): Detection {
  const present = documents.filter((d) => d.data !== null && d.data !== undefined);
  if (present.length === 0) return { kind: 'unrecognised', message: INVALID_MESSAGE };
  const first = present[0]!.data;
  if (present.length === 1 && isRecord(first)) {
    const found = cloudFormation(first) ?? terraform(first);
    if (found) return found;
    if (isPolicyDocument(first)) return { kind: 'not-an-artifact', message: 'is an IAM policy document, not an artifact: it is checked where a template or configuration embeds it' };
  }
  const objects = present.filter((d) => isKubernetesObject(d.data));
  if (objects.length === present.length) return { kind: 'artifact', format: 'kubernetes' };
  if (objects.length === 0) return { kind: 'unrecognised', message: INVALID_MESSAGE };
  // Some documents are Kubernetes objects: the stream is a manifest set with something in it that is none.
  const strays = present.map((d, i) => ({ d, index: i + 1 })).filter(({ d }) => !isKubernetesObject(d.data));
  const shown = strays.slice(0, 3).map(({ d, index }) => `document ${index} (line ${d.line})`);
  return {
    kind: 'malformed',
    message: `holds Kubernetes manifests, but ${shown.join(', ')}${strays.length > 3 ? ` and ${strays.length - 3} more` : ''} of ${present.length} ${strays.length === 1 ? 'is' : 'are'} no Kubernetes object (apiVersion and kind), so the file cannot be checked`,
  };
}
