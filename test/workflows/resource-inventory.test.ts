import { describe, expect, it } from 'vitest';
import type { EngineOutput } from '../../stacks/engine.ts';
import { dataStoreCleanup, diffResources, resourceInventory } from '../../workflows/index.ts';

function outputs(bucket: boolean, namespace: boolean): EngineOutput[] {
  const resources: Record<string, { Type: string }> = { Trail: { Type: 'AWS::CloudTrail::Trail' } };
  if (bucket) resources.DataBucket = { Type: 'AWS::S3::Bucket' };
  const tf = { resource: { aws_s3_bucket: { logs: {}, ...(bucket && { data: {} }) } }, data: { aws_partition: { p: {} } } };
  const k8s = namespace
    ? '# comment\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: sbx-t\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n  namespace: sbx-t\n'
    : '---\napiVersion: v1\nkind: List\nitems: []\n';
  return [
    { engine: 'aws', resources: 0, artifacts: [{ path: 'aws/Sandbox-t.template.json', content: JSON.stringify({ Resources: resources }) }] },
    { engine: 'terraform', resources: 0, artifacts: [{ path: 'terraform/cdk.tf.json', content: JSON.stringify(tf) }, { path: 'terraform/backend.tf.example', content: 'x' }] },
    { engine: 'kubernetes', resources: 0, artifacts: [{ path: 'kubernetes/manifests.yaml', content: k8s }] },
  ];
}

describe('resourceInventory and diffResources', () => {
  it('names resources as each tool does and lists those the exited rendering drops', () => {
    const current = resourceInventory(outputs(true, true));
    expect(current.map((r) => `${r.engine}:${r.id}`)).toEqual([
      'aws:Trail',
      'aws:DataBucket',
      'terraform:aws_s3_bucket.logs',
      'terraform:aws_s3_bucket.data',
      'kubernetes:Namespace/sbx-t',
      'kubernetes:ServiceAccount/sbx-t/runner',
    ]);
    expect(current[0]).toMatchObject({ stack: 'Sandbox-t', type: 'AWS::CloudTrail::Trail' });
    const diff = diffResources(current, resourceInventory(outputs(false, false)));
    expect(diff.removed.map((r) => `${r.engine}:${r.id}`)).toEqual([
      'aws:DataBucket',
      'kubernetes:Namespace/sbx-t',
      'kubernetes:ServiceAccount/sbx-t/runner',
      'terraform:aws_s3_bucket.data',
    ]);
    expect(diff.retained.map((r) => r.id)).toEqual(['Trail', 'aws_s3_bucket.logs']);
  });

  it('names buckets for the operator and tells which deploy deletes their contents; a Retain resource is detached, not removed', () => {
    const template = {
      Resources: {
        Data: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Delete', Properties: { BucketName: { 'Fn::Join': ['', ['sbx-', { Ref: 'AWS::AccountId' }, '-t-data']] } } },
        Odd: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::GetAtt': ['X', 'Name'] } } },
        FlowLogs: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain' },
      },
    };
    // a name CloudFormation picks at deploy time is asked from the stack
    const ODD = '$(aws cloudformation describe-stack-resource --stack-name Sandbox-t --logical-resource-id Odd --query StackResourceDetail.PhysicalResourceId --output text)';
    const tf = { resource: { aws_s3_bucket: { data: { bucket: 'sbx-${local.account_id}-t-data', force_destroy: true }, logs: { bucket: 'sbx-logs' } } } };
    const current = resourceInventory([
      { engine: 'aws', resources: 0, artifacts: [{ path: 'aws/Sandbox-t.template.json', content: JSON.stringify(template) }] },
      { engine: 'terraform', resources: 0, artifacts: [{ path: 'terraform/cdk.tf.json', content: JSON.stringify(tf) }] },
    ]);
    expect(current.map((r) => [r.id, r.store, r.retainedOnDelete])).toEqual([
      ['Data', { bucket: 'sbx-${ACCOUNT_ID}-t-data', deletedWithObjects: false }, undefined],
      ['Odd', { bucket: ODD, deletedWithObjects: false }, undefined],
      ['FlowLogs', undefined, true],
      ['aws_s3_bucket.data', { bucket: 'sbx-${local.account_id}-t-data', deletedWithObjects: true }, undefined],
      ['aws_s3_bucket.logs', { bucket: 'sbx-logs', deletedWithObjects: false }, undefined],
    ]);
    const diff = diffResources(current, []);
    expect(diff.detached.map((r) => r.id)).toEqual(['FlowLogs']);
    const cleanup = dataStoreCleanup(diff.removed);
    expect(cleanup.emptyBeforeCdkDeploy.map((s) => s.bucket)).toEqual(['sbx-${ACCOUNT_ID}-t-data', ODD]);
    expect(cleanup.deletedByTerraformApply.map((s) => s.id)).toEqual(['aws_s3_bucket.data']);
    expect(cleanup.procedure.find((l) => l.startsWith('for b in'))).toBe(`for b in "sbx-\${ACCOUNT_ID}-t-data" "${ODD}"; do`);
    expect(dataStoreCleanup([])).toEqual({ emptyBeforeCdkDeploy: [], deletedByTerraformApply: [], procedure: [], notes: [] });
  });
});
