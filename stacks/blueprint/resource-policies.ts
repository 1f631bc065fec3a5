import { S3_BUCKET_READ, S3_OBJECT_READ } from './role-statements.ts';

/**
 * The engine-neutral parts of the tenant's resource policies (bucket, key and endpoint policies),
 * so both engines deny and allow exactly the same actions.
 */

/**
 * The S3 data-plane actions that only the tenant's VPC endpoint may carry (AI Act Art. 59(1)(e):
 * nothing created in the sandbox leaves it). Bucket management stays reachable from outside, so the
 * deployment tool can still manage the bucket and a mistake cannot lock the operator out of its own
 * policy; the organisation SCP guards that management path instead.
 */
export const ENDPOINT_ONLY_S3_ACTIONS = [
  's3:AbortMultipartUpload',
  's3:DeleteObject*',
  's3:GetObject*',
  's3:ListBucket*',
  's3:ListMultipartUploadParts',
  's3:PutObject*',
  's3:RestoreObject',
] as const;

/**
 * What the account (and so IAM administrators) may do with a tenant key: administer it, never use
 * it. Only the principals a key policy names can encrypt or decrypt (AI Act Art. 59(1)(d): only
 * authorised persons). `kms:CreateGrant` is absent because a grant is a way to use the key, and
 * `kms:DisableKeyRotation` because nobody needs to weaken a tenant key.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/**
 * What CloudWatch Logs may do with the evidence key, only for the tenant's log groups (the
 * encryption context names them): encrypt new events and decrypt them for readers.
 */
export const LOGS_SERVICE_KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'] as const;

/**
 * What the S3 gateway endpoint carries to the tenant's stores: the data-plane actions, or only
 * reads while the tenant is suspended (AI Act Art. 57(11): processing stops, nothing is written).
 */
export function s3EndpointActions(isolated: boolean): string[] {
  return isolated ? [...S3_BUCKET_READ, ...S3_OBJECT_READ] : [...ENDPOINT_ONLY_S3_ACTIONS];
}
