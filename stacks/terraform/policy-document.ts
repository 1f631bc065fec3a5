/**
 * IAM policy documents as plain data. They are rendered with JSON.stringify, so Terraform references
 * (cdktf tokens) stay inside string values and the policy in cdk.tf.json is a readable JSON template
 * that Terraform interpolates; no data source or HCL function is needed to build them.
 */
export type PolicyPrincipal = '*' | { readonly AWS: string | readonly string[] } | { readonly Service: string | readonly string[] };

export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | readonly string[];
  /** Absent only in trust policies, where the role itself is the resource. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: PolicyCondition;
}

export function policyJson(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
