import type { AwsTenantBlueprint } from '../blueprint/index.ts';

/**
 * The state backend is the operator's choice and holds no place in the synthesized JSON (no
 * credentials, nothing account-specific). This example documents the recommended one: S3 with
 * encryption and S3-native locking (`use_lockfile`, Terraform >= 1.10, OpenTofu >= 1.10).
 */
export function backendExample(blueprint: AwsTenantBlueprint): string {
  return `# Example state backend for sandbox tenant ${blueprint.tenantId} (generated; nothing here is active).
#
# For real use, copy this file to backend.tf beside cdk.tf.json, uncomment the block and fill in a
# state bucket you own (versioned, encrypted, in the EU). Credentials come from the environment or
# an AWS profile, never from this file. Then run: terraform init (or: tofu init).
#
# terraform {
#   backend "s3" {
#     bucket       = "<your-terraform-state-bucket>"
#     key          = "sandbox/${blueprint.tenantId}/terraform.tfstate"
#     region       = "${blueprint.region}"
#     encrypt      = true
#     use_lockfile = true
#   }
# }
`;
}
