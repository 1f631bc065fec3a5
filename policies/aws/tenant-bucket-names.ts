import { DATA_STORE_SUFFIXES, LOG_STORE_SUFFIX, SERVER_ACCESS_LOG_SUFFIX } from '../../stacks/blueprint/index.ts';
import type { RetentionClassName } from '../../tenancy/index.ts';
import { Interpolation, Reference, Unknown, literalString, type Value } from '../model/value.ts';

/**
 * The blueprint names every tenant bucket `sbx-<account>-<tenant>-<suffix>` (stacks/blueprint
 * bucketName), the account being the one that deploys it and the suffix saying what the store
 * is. Unlike a tag, the name cannot be changed by a hand edit without making it another bucket,
 * so guardrails read a store's kind and owner from it.
 */

export type StoreKind = 'data-store' | 'log-store' | 'server-access-logs';

export interface StoreSuffix {
  readonly kind: StoreKind;
  /** Log stores: the retention class the suffix stands for. */
  readonly retentionClass?: RetentionClassName;
}

const SUFFIXES: ReadonlyMap<string, StoreSuffix> = new Map<string, StoreSuffix>([
  ...DATA_STORE_SUFFIXES.map((s): [string, StoreSuffix] => [s, { kind: 'data-store' }]),
  ...Object.entries(LOG_STORE_SUFFIX).map(([retentionClass, s]): [string, StoreSuffix] => [s, { kind: 'log-store', retentionClass: retentionClass as RetentionClassName }]),
  [SERVER_ACCESS_LOG_SUFFIX, { kind: 'server-access-logs' }],
]);

/** Whose account a name is in: the deploying one (the pseudo parameter, the caller identity), a literal one, or one only the deploy knows. */
export type NameAccount = 'deploying' | 'literal' | 'unknown';

export interface TenantBucketName {
  readonly account: NameAccount;
  readonly tenant: string;
  readonly suffix: string;
  readonly store: StoreSuffix;
}

// Stand-ins for the non-literal pieces of a name, characters no bucket name can contain.
const ACCOUNT = '\u0001';
const PARTITION = '\u0002';
const OTHER = '\u0003';

function isDeployingAccount(piece: Reference | Unknown): boolean {
  if (piece instanceof Unknown) return piece.pseudo === 'AWS::AccountId';
  return piece.target.startsWith('data.aws_caller_identity.') && piece.attribute === 'account_id';
}

function isPartition(piece: Reference | Unknown): boolean {
  if (piece instanceof Unknown) return piece.pseudo === 'AWS::Partition';
  return piece.target.startsWith('data.aws_partition.') && piece.attribute === 'partition';
}

/** The name (or ARN) as text, each non-literal piece replaced by its stand-in; undefined when nothing of it is literal. */
function pattern(value: Value): string | undefined {
  const literal = literalString(value);
  if (literal !== undefined) return literal;
  if (!(value instanceof Interpolation)) return undefined;
  return value.parts.map((p) => (typeof p === 'string' ? p : isDeployingAccount(p) ? ACCOUNT : isPartition(p) ? PARTITION : OTHER)).join('');
}

const SUFFIX_ALTERNATIVES = [...SUFFIXES.keys()].join('|');
const NAME = new RegExp(`^(?:arn:(?:aws[a-z-]*|${PARTITION}):s3:::)?sbx-(${ACCOUNT}|\\d{12}|${OTHER})-([a-z][a-z0-9-]*?)-(${SUFFIX_ALTERNATIVES})(?:/.*)?$`, 's');

/** The blueprint's reading of a bucket name or ARN, or undefined when it is not one of the blueprint's names. */
export function tenantBucketName(value: Value | undefined): TenantBucketName | undefined {
  if (value === undefined) return undefined;
  const text = pattern(value);
  const match = text === undefined ? null : NAME.exec(text);
  if (!match) return undefined;
  const [, account, tenant, suffix] = match as unknown as [string, string, string, string];
  return { account: account === ACCOUNT ? 'deploying' : account === OTHER ? 'unknown' : 'literal', tenant, suffix, store: SUFFIXES.get(suffix)! };
}

/** The name as a reader sees it, the non-literal pieces as `*`: `sbx-*-diabetes-risk-access`. */
export function nameShape(value: Value): string | undefined {
  return pattern(value)?.replace(/[\u0001-\u0003]/g, '*');
}

/** Whether the name has pieces only the deploy knows (other than the deploying account and partition). */
export function hasUnknownPieces(value: Value): boolean {
  return pattern(value)?.includes(OTHER) ?? true;
}
