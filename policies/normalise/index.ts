import type { NormalisedArtifact, NormalisedResources, Resource } from '../model/resource.ts';
import { literalString } from '../model/value.ts';
import { normaliseCloudFormation } from './cloudformation.ts';
import { detect } from './detect-format.ts';
import { normaliseKubernetes } from './kubernetes.ts';
import { parseText } from './parse-text.ts';
import { normaliseTerraform } from './terraform.ts';

/**
 * Why a text is not a normalised artifact: `unreadable` (not JSON or YAML), `malformed` (shaped
 * like an artifact but not a valid one: an input problem wherever it is met), `unrecognised`
 * (plainly something else, which a directory walk may skip) or `not-an-artifact` (a known
 * companion file such as an IAM policy document, which deploys nothing by itself).
 */
export type NormaliseProblem = 'unreadable' | 'malformed' | 'unrecognised' | 'not-an-artifact';

export type NormaliseResult =
  | { readonly ok: true; readonly artifact: NormalisedArtifact }
  | { readonly ok: false; readonly problem: NormaliseProblem; readonly message: string };

export interface NormaliseOptions {
  /** The tenant the artifact belongs to, when the caller knows it (the synth pipeline does). */
  readonly tenant?: string;
  /** The region the artifact is deployed to, when the caller knows it (CDK's stack environment). */
  readonly region?: string;
}

/** Any artifact text (CloudFormation JSON/YAML, Terraform JSON, Kubernetes YAML) into the resource model. */
export function normaliseText(file: string, raw: string, options: NormaliseOptions = {}): NormaliseResult {
  // Editors on Windows save UTF-8 with a byte order mark; it is no part of the first key.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const parsed = parseText(text);
  if (!parsed.ok) return { ok: false, problem: 'unreadable', message: parsed.message };
  // A YAML stream of comments only is an empty manifest set (an exited tenant's manifests.yaml).
  const empty = !/^\s*[[{]/.test(text) && parsed.documents.every((d) => d.data === null || d.data === undefined);
  const detection = empty ? ({ kind: 'artifact', format: 'kubernetes' } as const) : detect(parsed.documents);
  if (detection.kind !== 'artifact') return { ok: false, problem: detection.kind, message: detection.message };
  const format = detection.format;
  const docs = parsed.documents.filter((d) => d.data !== null && d.data !== undefined);
  const first = docs[0] ?? { data: {}, line: 1 };
  let base: NormalisedResources;
  let lineOf: (resource: Resource) => number | undefined;
  switch (format) {
    case 'cloudformation':
      base = normaliseCloudFormation(file, first.data as Record<string, unknown>);
      lineOf = (r) => first.lineOfPath?.(['Resources', r.id]) ?? jsonLine(text, ['"Resources"', JSON.stringify(r.id)]);
      break;
    case 'terraform': {
      base = normaliseTerraform(file, first.data as Record<string, unknown>);
      lineOf = (r) => {
        const keys = terraformKeys(r);
        return first.lineOfPath?.(keys) ?? jsonLine(text, keys.map((k) => JSON.stringify(k)));
      };
      break;
    }
    case 'kubernetes': {
      const k8s = normaliseKubernetes(file, docs.map((d) => ({ object: d.data as Record<string, unknown>, line: d.line })));
      base = k8s;
      lineOf = (r) => k8s.lines.get(r);
      break;
    }
  }
  const scope = /(^|\/)platform\//.test(posix(file)) || isPlatformOnly(base.resources) ? 'platform' : 'tenant';
  const tenant = scope === 'platform' ? undefined : (options.tenant ?? tenantFromPath(file) ?? tenantFromContent(base.resources));
  const lines = new Map<Resource, number | undefined>();
  return {
    ok: true,
    artifact: {
      file,
      format,
      resources: base.resources,
      byId: new Map(base.resources.map((r) => [r.id, r])),
      tenant,
      scope,
      ...(options.region ? { deployRegion: options.region } : {}),
      lineOf: (r) => {
        if (!lines.has(r)) lines.set(r, lineOf(r));
        return lines.get(r);
      },
    },
  };
}

/** The JSON keys leading to a Terraform block (`resource`, type, name). */
function terraformKeys(r: Resource): string[] {
  if (r.id === 'terraform') return ['terraform'];
  if (r.id.startsWith('provider.')) return ['provider', r.type.slice('provider.'.length)];
  if (r.id.startsWith('module.')) return ['module', r.id.slice('module.'.length)];
  if (r.id.startsWith('data.')) return ['data', r.type, r.id.slice(`data.${r.type}.`.length)];
  return ['resource', r.type, r.id.slice(r.type.length + 1)];
}

const posix = (file: string) => file.split('\\').join('/');

/**
 * The line of a JSON key path, found by searching for each key after the previous one: cheap,
 * computed lazily per resource, and exact for the pretty-printed output the engines write.
 */
function jsonLine(text: string, keys: readonly string[]): number | undefined {
  let offset = 0;
  for (const key of keys) {
    const found = text.indexOf(`${key}:`, offset);
    const spaced = found < 0 ? text.indexOf(`${key} :`, offset) : found;
    if (spaced < 0) return undefined;
    offset = spaced + key.length;
  }
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const TENANT_ID = '[a-z][a-z0-9-]{2,30}';
const BUILD_PATH = new RegExp(`(?:^|/)(${TENANT_ID})/(?:aws|terraform|kubernetes)/[^/]+$`);
const STACK_FILE = new RegExp(`(?:^|/)Sandbox-(${TENANT_ID})\\.template\\.(?:json|ya?ml)$`);

export function tenantFromPath(file: string): string | undefined {
  const p = posix(file);
  const id = STACK_FILE.exec(p)?.[1] ?? BUILD_PATH.exec(p)?.[1];
  return id === 'platform' ? undefined : id;
}

/** The most common `sandbox:tenant` tag, or the tenant of `sbx-<id>` namespaces. */
function tenantFromContent(resources: readonly Resource[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of resources) {
    const tag = literalString(r.tags['sandbox:tenant']) ?? literalString(r.tags['sandbox.eu/tenant']);
    const ns = r.format === 'kubernetes' ? (r.type === 'Namespace' ? r.name : r.namespace) : undefined;
    const id = tag ?? (ns?.startsWith('sbx-') ? ns.slice(4) : undefined);
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

function isPlatformOnly(resources: readonly Resource[]): boolean {
  return resources.length > 0 && resources.every((r) => r.type.startsWith('AWS::Organizations::') || r.type.startsWith('aws_organizations_'));
}
