import type { ArtifactFormat } from '../model/resource.ts';

/**
 * The format of a parsed file, from its content alone (never from its name): a template has
 * `Resources` of `Vendor::Service::Type`, Terraform JSON has its top-level blocks, and Kubernetes
 * objects carry a Kubernetes `apiVersion` and a `kind`.
 */

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const TERRAFORM_BLOCKS = ['resource', 'data', 'provider', 'terraform', 'module'] as const;
const TERRAFORM_KEYS = new Set<string>([...TERRAFORM_BLOCKS, 'variable', 'output', 'locals', 'check', 'import', 'moved', 'removed', '//']);

/** `v1`, `apps/v1`, `networking.k8s.io/v1`, `admissionregistration.k8s.io/v1`: not `regulatory-sandbox/v1`. */
const KUBERNETES_API_VERSION = /^(v\d+\w*|(apps|batch|policy|autoscaling)\/v\d+\w*|[a-z0-9-]+(\.[a-z0-9-]+)+\/v\d+\w*)$/;

function isCloudFormation(doc: Record<string, unknown>): boolean {
  if ('AWSTemplateFormatVersion' in doc) return true;
  const resources = doc.Resources;
  if (!isRecord(resources)) return false;
  const values = Object.values(resources);
  return values.length > 0 && values.every((r) => isRecord(r) && typeof r.Type === 'string' && /^[\w-]+::[\w-]+::[\w-]+/.test(r.Type));
}

function isTerraform(doc: Record<string, unknown>): boolean {
  const keys = Object.keys(doc);
  return keys.some((k) => (TERRAFORM_BLOCKS as readonly string[]).includes(k)) && keys.every((k) => TERRAFORM_KEYS.has(k));
}

export function isKubernetesObject(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && typeof doc.kind === 'string' && typeof doc.apiVersion === 'string' && KUBERNETES_API_VERSION.test(doc.apiVersion);
}

export function detectFormat(documents: readonly unknown[]): ArtifactFormat | undefined {
  const present = documents.filter((d) => d !== null && d !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1 && isRecord(present[0])) {
    if (isCloudFormation(present[0])) return 'cloudformation';
    if (isTerraform(present[0])) return 'terraform';
  }
  return present.every(isKubernetesObject) ? 'kubernetes' : undefined;
}
