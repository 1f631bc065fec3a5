import { describe, expect, it } from 'vitest';
import type { EngineOutput } from '../../stacks/engine.ts';
import { diffResources, resourceInventory } from '../../workflows/index.ts';

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
});
