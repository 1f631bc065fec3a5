import { conditionText, permissions, type Permissions, type ResourceToken } from '../../stacks/blueprint/index.ts';

/**
 * The engine-neutral names of the SecurityProfile (see ResourceToken), from text each extractor
 * has already resolved its own way: references to the tenant's buckets, keys, roles and log groups
 * as `store:…`, `key:…`, `role:…`, `log-group:…`, the account as `${account}` and the partition as
 * `aws`. What is left is the same string whichever engine wrote it.
 */
export const ACCOUNT = '${account}';

export interface NeutralContext {
  readonly region: string;
  /** Bucket names as resolved text (`sbx-${account}-t-data`) → store key. */
  readonly bucketStores: ReadonlyMap<string, string>;
}

/** An ARN or resolved reference as a ResourceToken; anything not the tenant's stays as written. */
export function resourceToken(text: string, ctx: NeutralContext): ResourceToken {
  const s3 = /^arn:aws:s3:::([^/]+)(\/.*)?$/.exec(text);
  if (s3) {
    const store = ctx.bucketStores.get(s3[1]!);
    return store ? `store:${store}${s3[2] ?? ''}` : text;
  }
  const regional = /^arn:aws:(kms|logs|cloudtrail):([^:]*):([^:]*):(.+)$/.exec(text);
  if (regional && regional[2] === ctx.region && regional[3] === ACCOUNT) {
    const [, service, , , resource] = regional as unknown as [string, string, string, string, string];
    if (service === 'kms' && resource.startsWith('key/')) return `key:${resource.slice('key/'.length)}`;
    if (service === 'logs' && resource.startsWith('log-group:')) return resource;
    if (service === 'cloudtrail' && resource.startsWith('trail/')) return `trail:${resource.slice('trail/'.length)}`;
  }
  return text;
}

/** A principal as the profile names it: `account`, `role:<name>`, `service:<principal>`. */
export function principalName(text: string): string {
  return text === `arn:aws:iam::${ACCOUNT}:root` ? 'account' : text;
}

export interface NeutralStatement {
  readonly effect: string;
  /** `account`, `role:<name>`, `service:<principal>`, or the resolved text; empty in identity policies. */
  readonly principals: readonly string[];
  readonly actions: readonly string[];
  /** Resolved text of each resource. */
  readonly resources: readonly string[];
  /** Operator → key → resolved values. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** The Allow statements of identity policies as Permissions. */
export function permissionsOf(statements: readonly NeutralStatement[], ctx: NeutralContext): Permissions {
  return permissions(
    statements
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) => {
        const suffix = conditionText(s.conditions);
        return s.actions.flatMap((action) => s.resources.map((r) => [action, `${resourceToken(r, ctx)}${suffix}`] as const));
      }),
  );
}

/** Who a trust policy lets assume the role: action → `<principal>` with its statement's conditions. */
export function trustOf(statements: readonly NeutralStatement[]): Permissions {
  return permissions(
    statements
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) => s.actions.flatMap((action) => s.principals.map((p) => [action, `${p}${conditionText(s.conditions)}`] as const))),
  );
}

/** A statement's principal (`*`, `{ AWS }`, `{ Service }`) as profile names, given how to resolve a value. */
export function principalsOf(principal: unknown, text: (value: unknown) => string): string[] {
  if (principal === undefined) return [];
  if (!principal || typeof principal !== 'object') return [text(principal)];
  const p = principal as { AWS?: unknown; Service?: unknown };
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return [...list(p.AWS).map((v) => principalName(text(v))), ...list(p.Service).map((v) => `service:${text(v)}`)];
}

/** Who a key policy lets do what, `kms:ViaService` folded into the action (`kms:Decrypt via s3`). */
export function keyPrincipalsOf(statements: readonly NeutralStatement[], region: string): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const s of statements.filter((x) => x.effect === 'Allow')) {
    const via = (s.conditions.StringEquals?.['kms:ViaService'] ?? []).map((v) => v.replace(`.${region}.amazonaws.com`, ''));
    const actions = via.length > 0 ? s.actions.flatMap((a) => via.map((v) => `${a} via ${v}`)) : s.actions;
    for (const principal of s.principals) {
      const set = out.get(principal) ?? new Set();
      actions.forEach((a) => set.add(a));
      out.set(principal, set);
    }
  }
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, actions]) => [p, [...actions].sort()]));
}

/** What the S3 gateway endpoint's policy lets through, per store: the store's bucket and its objects together. */
export function endpointAccessOf(statements: readonly NeutralStatement[], ctx: NeutralContext): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const s of statements.filter((x) => x.effect === 'Allow')) {
    for (const resource of s.resources) {
      const token = resourceToken(resource, ctx);
      const store = token.startsWith('store:') ? token.slice('store:'.length).replace(/\/.*$/, '') : token;
      const set = out.get(store) ?? new Set();
      s.actions.forEach((a) => set.add(a));
      out.set(store, set);
    }
  }
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([store, actions]) => [store, [...actions].sort()]));
}
