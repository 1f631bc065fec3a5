/**
 * The aws-cdk-lib feature flags this product is written against, set in code rather than in
 * cdk.json so that `sandbox synth` (no CDK CLI) and `npx cdk synth` render byte-identical
 * resources. Each one matters to a tenant resource; upgrading aws-cdk-lib never changes them.
 */
export const SANDBOX_CDK_CONTEXT: Readonly<Record<string, unknown>> = {
  '@aws-cdk/aws-kms:aliasNameRef': true,
  // Server access logs delivered by bucket policy: ACLs are disabled on every tenant bucket.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
  '@aws-cdk/aws-s3:publicAccessBlockedByDefault': true,
  // No Lambda-backed custom resource (and so no asset) in a tenant; see IsolatedNetwork.
  '@aws-cdk/aws-ec2:restrictDefaultSecurityGroup': false,
  // Literal `arn:aws:` and region names, so guardrails can read every ARN without resolving.
  '@aws-cdk/core:enablePartitionLiterals': true,
  '@aws-cdk/core:target-partitions': ['aws'],
  '@aws-cdk/core:checkSecretUsage': true,
  '@aws-cdk/core:validateSnapshotRemovalPolicy': true,
};
