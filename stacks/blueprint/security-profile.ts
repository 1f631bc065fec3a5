/**
 * The security-relevant facts of a synthesized AWS tenant, in one engine-neutral shape. The
 * CloudFormation and Terraform test suites each extract this from their own output, and the
 * parity test asserts that both extractions are equal, so the engines cannot drift apart.
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
}

export interface RoleFacts {
  readonly requiresMfa: boolean;
  readonly hasPermissionBoundary: boolean;
  /** Sorted, unique IAM actions over all its statements. */
  readonly actions: readonly string[];
}

export interface SecurityProfile {
  /** Keyed by store: data stores by id (`datasets`), log stores by retention class, `s3logs`. */
  readonly buckets: Readonly<Record<string, BucketFacts>>;
  /** Keyed `data` / `evidence`. */
  readonly keys: Readonly<Record<string, { readonly rotation: boolean }>>;
  /** Keyed by log group name. */
  readonly logGroups: Readonly<Record<string, { readonly retentionDays: number; readonly encrypted: boolean }>>;
  readonly trail: { readonly logFileValidation: boolean; readonly encrypted: boolean; readonly dataEventStores: readonly string[] } | null;
  readonly network: {
    readonly internetGateway: boolean;
    readonly natGateway: boolean;
    readonly publicSubnets: number;
    readonly flowLogs: boolean;
    readonly endpoints: readonly string[];
    readonly openIngressToWorld: boolean;
  } | null;
  /** Keyed by IAM role name. */
  readonly roles: Readonly<Record<string, RoleFacts>>;
}
