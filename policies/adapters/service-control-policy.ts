import { EU_REGIONS } from '../../tenancy/index.ts';
import { LOG_STORE_SUFFIX, SERVER_ACCESS_LOG_SUFFIX } from '../../stacks/blueprint/index.ts';

/**
 * The run-time half of the EU-residency and log-protection guardrails: the organisation's service
 * control policy. The catalog checks every synthesized artifact before deploy; this SCP makes the
 * same rules hold for whatever is done by hand afterwards, by anyone in the sandbox accounts
 * (EHDS Art. 87, GDPR Chapter V; AI Act Arts. 12, 19(1), 59(1)(h)).
 */

/**
 * Actions of services whose only (or control-plane) endpoint is outside the EU, mostly us-east-1.
 * A region deny without them would break sign-in and IAM. Regional services that the AWS example
 * lists for convenience (kms, config, acm, directconnect, waf-regional) are deliberately absent:
 * health data may be encrypted or recorded in the EU regions only.
 */
export const GLOBAL_SERVICE_ACTIONS = [
  'account:*',
  'aws-portal:*',
  'billing:*',
  'budgets:*',
  'ce:*',
  'cloudfront:*',
  'cur:*',
  'ec2:DescribeRegions',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'networkmanager:*',
  'organizations:*',
  'pricing:*',
  'route53:*',
  'route53domains:*',
  's3:GetAccountPublic*',
  's3:ListAllMyBuckets',
  's3:PutAccountPublic*',
  'shield:*',
  'sts:*',
  'support:*',
  'trustedadvisor:*',
  'waf:*',
  'wafv2:*',
] as const;

/**
 * The roles that deploy tenants and so must create, change and remove trails, stores, keys and
 * person roles: CloudFormation's execution role from `cdk bootstrap`, and the role Terraform or
 * OpenTofu runs assume. Everyone else, member-account administrators included, is held by the
 * denies below; and as the exemption goes by name, only the organisation administrator may create
 * or change a role with one of these names.
 */
export const DEPLOYMENT_ROLE_ARN_PATTERNS = ['arn:aws:iam::*:role/cdk-*-cfn-exec-role-*', 'arn:aws:iam::*:role/sbx-deployer'] as const;

/**
 * The organisation administrator's role in each member account: the only principal that may
 * create, re-trust or change the deployment roles (and itself). `OrganizationAccountAccessRole` is
 * the role AWS Organizations creates in every account it creates, assumable from the management
 * account only; run `cdk bootstrap` and create `sbx-deployer` through it. Without this, a member
 * account's own administrator could create or re-trust a role with an exempt name and so step
 * around every protection below.
 */
export const ORGANISATION_ADMIN_ROLE_ARN_PATTERNS = ['arn:aws:iam::*:role/OrganizationAccountAccessRole'] as const;

/** Every person role of a tenant is `sbx-<tenant>-<person>` (and the flow-log role `sbx-<tenant>.flow-logs`). */
export const TENANT_ROLE_ARN_PATTERN = 'arn:aws:iam::*:role/sbx-*';

/**
 * Changing who may assume a role, what it may do or what bounds it; creating and deleting it.
 * Tag and description changes are absent: no trust or permission depends on them.
 */
export const ROLE_CHANGE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
] as const;

/** Every tenant's trail is named `sandbox-<tenant>` by the blueprint. */
export const TENANT_TRAIL_ARN_PATTERN = 'arn:aws:cloudtrail:*:*:trail/sandbox-*';
/** Every tenant bucket is named `sbx-<account>-<tenant>-<suffix>` by the blueprint. */
export const TENANT_BUCKET_ARN_PATTERN = 'arn:aws:s3:::sbx-*';
/** The evidence keys' aliases, `alias/sandbox/<tenant>/evidence`. */
export const EVIDENCE_KEY_ALIAS_PATTERN = 'alias/sandbox/*/evidence';

/** The buckets holding evidence: the log stores of every retention class and the server-access-log store. */
export function evidenceBucketArnPatterns(): string[] {
  const suffixes = [...new Set([...Object.values(LOG_STORE_SUFFIX), SERVER_ACCESS_LOG_SUFFIX])].sort();
  return suffixes.map((suffix) => `arn:aws:s3:::sbx-*-${suffix}`);
}

export interface ServiceControlPolicyOptions {
  /** Regions in which anything may happen; default: the EU regions of tenancy/eu-regions.ts. */
  readonly allowedRegions?: readonly string[];
  /** Principals exempt from the trail, store and key protections; default DEPLOYMENT_ROLE_ARN_PATTERNS. */
  readonly deploymentRoleArnPatterns?: readonly string[];
  /** The only principals that may change the deployment roles; default ORGANISATION_ADMIN_ROLE_ARN_PATTERNS. */
  readonly organisationAdminRoleArnPatterns?: readonly string[];
}

export interface ScpStatement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface ServiceControlPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly ScpStatement[];
}

/** AWS Organizations refuses an SCP longer than this (characters of the document as submitted). */
export const SCP_MAX_CHARACTERS = 5120;

/** The organisation SCP as a JSON value: pure, deterministic, and the only place its rules are written. */
export function serviceControlPolicy(options: ServiceControlPolicyOptions = {}): ServiceControlPolicyDocument {
  const regions = [...(options.allowedRegions ?? EU_REGIONS)];
  if (regions.length === 0) throw new RangeError('serviceControlPolicy: allowedRegions must name at least one region');
  const deployers = [...(options.deploymentRoleArnPatterns ?? DEPLOYMENT_ROLE_ARN_PATTERNS)];
  if (deployers.length === 0) throw new RangeError('serviceControlPolicy: deploymentRoleArnPatterns must name at least one role');
  const admins = [...(options.organisationAdminRoleArnPatterns ?? ORGANISATION_ADMIN_ROLE_ARN_PATTERNS)];
  if (admins.length === 0) throw new RangeError('serviceControlPolicy: organisationAdminRoleArnPatterns must name at least one role');
  const exceptDeployers = { ArnNotLike: { 'aws:PrincipalArn': deployers } };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        // EHDS Art. 87, GDPR Chapter V: nothing happens outside the EU regions.
        Sid: 'DenyOutsideEuRegions',
        Effect: 'Deny',
        NotAction: [...GLOBAL_SERVICE_ACTIONS],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
      },
      {
        // AI Act Arts. 12, 19(1): the tenants' trails keep recording, unchanged.
        Sid: 'DenyTenantTrailChanges',
        Effect: 'Deny',
        Action: ['cloudtrail:DeleteTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:PutInsightSelectors', 'cloudtrail:StopLogging', 'cloudtrail:UpdateTrail'],
        Resource: TENANT_TRAIL_ARN_PATTERN,
        Condition: exceptDeployers,
      },
      {
        // AI Act Art. 59(1)(e), (h): no store loses its lock, lifecycle, policy, encryption or
        // public-access block, none is replicated elsewhere, and none is deleted but by a deploy.
        Sid: 'DenyTenantStoreWeakening',
        Effect: 'Deny',
        Action: [
          's3:DeleteBucket',
          's3:DeleteBucketPolicy',
          's3:PutBucketAcl',
          's3:PutBucketLogging',
          's3:PutBucketObjectLockConfiguration',
          's3:PutBucketOwnershipControls',
          's3:PutBucketPolicy',
          's3:PutBucketPublicAccessBlock',
          's3:PutBucketVersioning',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
          's3:PutReplicationConfiguration',
        ],
        Resource: TENANT_BUCKET_ARN_PATTERN,
        Condition: exceptDeployers,
      },
      {
        // Object Lock keeps every version; this also stops delete markers that would hide evidence.
        // Nobody is exempt: no deploy ever needs to delete evidence.
        Sid: 'DenyEvidenceDeletion',
        Effect: 'Deny',
        Action: ['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: evidenceBucketArnPatterns().map((arn) => `${arn}/*`),
      },
      {
        // The evidence key outlives the tenant; without it the evidence is unreadable.
        Sid: 'DenyEvidenceKeyDestruction',
        Effect: 'Deny',
        Action: ['kms:DisableKey', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
        Resource: '*',
        Condition: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': EVIDENCE_KEY_ALIAS_PATTERN }, ...exceptDeployers },
      },
      {
        // The exemptions above hold by role name, so the names must not be for the taking: only
        // the organisation administrator creates, re-trusts or changes a deployment role (or its
        // own role); a deployer cannot widen who may act as a deployer.
        Sid: 'DenyDeploymentRoleTakeover',
        Effect: 'Deny',
        Action: [...ROLE_CHANGE_ACTIONS],
        Resource: [...deployers, ...admins],
        Condition: { ArnNotLike: { 'aws:PrincipalArn': admins } },
      },
      {
        // AI Act Art. 59(1)(d): a person role is bound to its person by its trust (MFA and the
        // IdP-set source identity) and bounded by its boundary; nobody but a deploy changes that.
        // The administrator is exempt too, as `sbx-deployer` matches the pattern.
        Sid: 'DenyTenantRoleChanges',
        Effect: 'Deny',
        Action: [...ROLE_CHANGE_ACTIONS],
        Resource: TENANT_ROLE_ARN_PATTERN,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [...deployers, ...admins] } },
      },
    ],
  };
}

/** The document as AWS Organizations receives it: minified, so its length is what the limit counts. */
export function serviceControlPolicyText(options: ServiceControlPolicyOptions = {}): string {
  return JSON.stringify(serviceControlPolicy(options));
}
