import type { ResourceRef } from './resource-inventory.ts';

/**
 * What an operator must do about the data stores an exit removes (AI Act Art. 59(1)(g)). The data
 * stores are versioned buckets with DeletionPolicy Delete, and CloudFormation deletes a bucket
 * only when it holds no object version at all: the next `cdk deploy` of the exited tenant fails
 * on them unless every version is deleted first. Terraform's rendering sets `force_destroy`, so
 * `terraform apply` / `tofu apply` deletes them with every version itself.
 */

export interface DataStoreCleanup {
  /** Buckets to empty, every object version and delete marker, before the next `cdk deploy`. */
  readonly emptyBeforeCdkDeploy: readonly { readonly stack: string; readonly id: string; readonly bucket: string }[];
  /** Buckets the next `terraform apply` deletes with everything in them. */
  readonly deletedByTerraformApply: readonly { readonly id: string; readonly bucket: string }[];
  /** How, as a shell procedure (empty when nothing needs emptying). */
  readonly procedure: readonly string[];
  readonly notes: readonly string[];
}

const LIST_VERSIONS_QUERY = "'{Objects: [Versions, DeleteMarkers][][] | [:1000].{Key: Key, VersionId: VersionId}}'";

function emptyingProcedure(buckets: readonly string[]): string[] {
  if (buckets.length === 0) return [];
  return [
    '# as the deploy role: the organisation SCP lets only it remove a tenant bucket\'s policy, and the data',
    "# stores' policy admits object operations only through the tenant's VPC endpoint",
    'ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)',
    `for b in ${buckets.map((b) => `"${b}"`).join(' ')}; do`,
    '  aws s3api delete-bucket-policy --bucket "$b"',
    `  while batch=$(aws s3api list-object-versions --bucket "$b" --max-items 1000 --output json --query ${LIST_VERSIONS_QUERY}) && printf '%s' "$batch" | grep -q VersionId; do`,
    '    failed=$(aws s3api delete-objects --bucket "$b" --delete "$batch" --output text --query \'length(Errors || `[]`)\')',
    '    [ "$failed" = 0 ] || { echo "$b: $failed version(s) not deleted" >&2; break; }',
    '  done',
    'done',
  ];
}

export function dataStoreCleanup(removed: readonly ResourceRef[]): DataStoreCleanup {
  const stores = removed.filter((r) => r.store);
  const cdk = stores.filter((r) => r.engine === 'aws' && !r.store!.deletedWithObjects).map((r) => ({ stack: r.stack ?? '', id: r.id, bucket: r.store!.bucket }));
  const terraform = stores.filter((r) => r.engine === 'terraform' && r.store!.deletedWithObjects).map((r) => ({ id: r.id, bucket: r.store!.bucket }));
  const notes = [
    ...(cdk.length > 0
      ? [
          `Before the next \`cdk deploy\`: empty ${cdk.length} data store(s) of every object version and delete marker (the procedure below, or the S3 console's Empty action); CloudFormation cannot delete a versioned bucket that still holds versions, and the deploy fails on it. \`aws s3 rm s3://<bucket> --recursive\` alone is not enough: in a versioned bucket it only lays delete markers over the objects.`,
        ]
      : []),
    ...(terraform.length > 0 ? [`\`terraform apply\` (or \`tofu apply\`) deletes ${terraform.length} data store(s) with every object version itself (force_destroy): nothing to empty first.`] : []),
  ];
  return { emptyBeforeCdkDeploy: cdk, deletedByTerraformApply: terraform, procedure: emptyingProcedure(cdk.map((c) => c.bucket)), notes };
}
