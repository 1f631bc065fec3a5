/**
 * The security-relevant facts of a synthesized AWS tenant, in one engine-neutral shape. The
 * CloudFormation and Terraform test suites each extract this from their own output, and the
 * parity test asserts that both extractions are equal, so the engines cannot drift apart.
 *
 * Resources are named engine-neutrally (ResourceToken), so "which bucket" is compared, not only
 * "which action": a grant on the wrong store differs even when its actions are the same.
 */
export interface BucketFacts {
  /** Which key encrypts it by default: one of the tenant's keys, SSE-S3, or none. */
  readonly encryption: 'data-key' | 'evidence-key' | 'sse-s3' | 'none';
  readonly versioning: boolean;
  /** All four Block Public Access settings on. */
  readonly publicAccessBlocked: boolean;
  /** A bucket policy denies requests without TLS. */
  readonly tlsOnly: boolean;
  /** A bucket policy denies requests that do not come through the tenant's VPC endpoint. */
  readonly endpointOnly: boolean;
  readonly objectLock: { readonly mode: string; readonly days: number } | null;
  /** Server access logging target (store key), if any. */
  readonly accessLogsTo: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /**
   * What happens when the bucket leaves the configuration: kept; deleted, but only once it holds no
   * object version (a deploy tool cannot delete a non-empty bucket); or emptied and deleted. Data
   * stores differ by engine (ENGINE_DIFFERENCES.dataStoreRemoval).
   */
  readonly removal: 'retained' | 'deleted-when-empty' | 'deleted-with-contents';
}

/**
 * A resource as the profile names it, whatever the engine wrote:
 * - `store:<key>` a bucket of the tenant (data stores by id, log stores by retention class,
 *   `s3logs`), `store:<key>/*` its objects;
 * - `key:data`, `key:evidence` a tenant key; `key:*` every key of the account;
 * - `log-group:<name or pattern>` (with `:*` for its streams), `trail:<name>`;
 * - `*` no resource scope;
 * - anything else: the ARN as written, with `${account}` for the account, so a resource outside
 *   the tenant shows up as itself.
 * A condition on the statement follows as ` if <operator> <key>=<value>|<value>`.
 */
export type ResourceToken = string;

/** Allowed actions, each with the sorted resources it is allowed on. */
export type Permissions = Readonly<Record<string, readonly ResourceToken[]>>;

export interface RoleFacts {
  readonly requiresMfa: boolean;
  /**
   * Who may assume the role, and on what condition: each action of its trust policy with the
   * sorted principals allowed it, as `account`, `role:<name>` or `service:<principal>`, each
   * followed by its statement's conditions as resource tokens carry them
   * (`account if Bool aws:MultiFactorAuthPresent=true if StringEquals sts:SourceIdentity=u-1`).
   */
  readonly trust: Readonly<Record<string, readonly string[]>>;
  /** The managed policy bounding the role (a key of `permissionBoundaries`), if any. */
  readonly boundary: string | null;
  /** Every action its policies allow, with the resources it is allowed on. */
  readonly permissions: Permissions;
}

export interface KeyFacts {
  readonly rotation: boolean;
  /**
   * Who the key policy lets do what: `account` (the account root), `role:<name>`,
   * `service:<service principal>`, each with its sorted actions; an action allowed only through a
   * service (`kms:ViaService`) reads `kms:Decrypt via s3`.
   */
  readonly principals: Readonly<Record<string, readonly string[]>>;
}

export interface NetworkFacts {
  readonly internetGateway: boolean;
  readonly natGateway: boolean;
  readonly publicSubnets: number;
  readonly flowLogs: boolean;
  readonly endpoints: readonly string[];
  readonly openIngressToWorld: boolean;
  /** Every ingress rule of the tenant's security groups, `<protocol> <from>-<to> from <source>`, sorted. */
  readonly securityGroupIngress: readonly string[];
  /** What the S3 gateway endpoint lets through, per store key: sorted actions. */
  readonly s3EndpointAccess: Readonly<Record<string, readonly string[]>>;
  /**
   * The VPC's default security group has no rules. It differs by engine (ENGINE_DIFFERENCES):
   * Terraform empties it, CloudFormation cannot without a Lambda.
   */
  readonly defaultSecurityGroupClosed: boolean;
}

export interface SecurityProfile {
  /** Keyed by store: data stores by id (`datasets`), log stores by retention class, `s3logs`. */
  readonly buckets: Readonly<Record<string, BucketFacts>>;
  /** Keyed `data` / `evidence`. */
  readonly keys: Readonly<Record<string, KeyFacts>>;
  /** Keyed by log group name. */
  readonly logGroups: Readonly<Record<string, { readonly retentionDays: number; readonly encrypted: boolean }>>;
  readonly trail: { readonly logFileValidation: boolean; readonly encrypted: boolean; readonly dataEventStores: readonly string[] } | null;
  readonly network: NetworkFacts | null;
  /** Keyed by IAM role name; people's roles only (assumed by an AWS principal, not a service). */
  readonly roles: Readonly<Record<string, RoleFacts>>;
  /** The permission boundaries the roles name, keyed by policy name. */
  readonly permissionBoundaries: Readonly<Record<string, Permissions>>;
}
