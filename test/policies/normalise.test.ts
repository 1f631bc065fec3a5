import { describe, expect, it } from 'vitest';
import { Interpolation, Reference, Unknown, describe as describeValue, type Value } from '../../policies/model/value.ts';
import { normaliseText, tenantFromPath } from '../../policies/normalise/index.ts';
import type { NormalisedArtifact } from '../../policies/model/resource.ts';

function ok(file: string, text: string): NormalisedArtifact {
  const result = normaliseText(file, text);
  if (!result.ok) throw new Error(result.message);
  return result.artifact;
}
const props = (a: NormalisedArtifact, id: string) => a.byId.get(id)!.properties;

describe('CloudFormation', () => {
  const yaml = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  Env: { Type: String }',
    'Mappings:',
    '  Regions: { eu: { name: eu-central-1 } }',
    'Resources:',
    '  Key:',
    '    Type: AWS::KMS::Key',
    '    Properties: { EnableKeyRotation: true }',
    '  Bucket:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: !Sub "sbx-${AWS::AccountId}-demo-${Env}"',
    '      KeyArn: !GetAtt Key.Arn',
    '      KeyRef: !Ref Key',
    '      Joined: !Join ["", [!GetAtt Key.Arn, "/*"]]',
    '      Region: !FindInMap [Regions, eu, name]',
    '      Picked: !Select [1, [a, b, c]]',
    '      Split: !Split [",", "x,y"]',
    '      Chosen: !If [IsProd, a, b]',
    '      Imported: !ImportValue SharedKey',
    '      Escaped: !Sub "${!Literal}-${Key.Arn}"',
    '      Long: { "Fn::GetAtt": [Key, Arn] }',
  ].join('\n');

  it('reads YAML short-form intrinsics into references, literals and explicit unknowns', () => {
    const a = ok('t.yaml', yaml);
    expect(a.format).toBe('cloudformation');
    const p = props(a, 'Bucket');
    expect(p.KeyArn).toEqual(new Reference('Key', 'Arn', expect.any(String) as unknown as string));
    expect((p.KeyRef as Reference).target).toBe('Key');
    expect((p.Long as Reference).attribute).toBe('Arn');
    expect(p.Region).toBe('eu-central-1');
    expect(p.Picked).toBe('b');
    expect(p.Split).toEqual(['x', 'y']);
    expect(p.Chosen).toBeInstanceOf(Unknown);
    expect((p.Chosen as Unknown).reason).toMatch(/condition IsProd/);
    expect(p.Imported).toBeInstanceOf(Unknown);
    const name = p.BucketName as Interpolation;
    expect(name).toBeInstanceOf(Interpolation);
    expect(name.parts.map((x) => (typeof x === 'string' ? x : x instanceof Unknown ? `<${x.pseudo ?? 'param'}>` : '<ref>'))).toEqual(['sbx-', '<AWS::AccountId>', '-demo-', '<param>']);
    const joined = p.Joined as Interpolation;
    expect(joined.parts[0]).toBeInstanceOf(Reference);
    expect(joined.parts[1]).toBe('/*');
    const escaped = p.Escaped as Interpolation;
    expect(escaped.parts[0]).toBe('${Literal}-');
    expect((escaped.parts[1] as Reference).target).toBe('Key');
  });

  it('reads the same template written as JSON with long-form intrinsics the same way', () => {
    const json = JSON.stringify({
      Resources: {
        Key: { Type: 'AWS::KMS::Key', Properties: {} },
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { KeyArn: { 'Fn::GetAtt': ['Key', 'Arn'] }, Name: { 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }]] } } },
      },
    });
    const a = ok('t.json', json);
    expect((props(a, 'Bucket').KeyArn as Reference).target).toBe('Key');
    expect((props(a, 'Bucket').Name as Interpolation).parts[0]).toBe('a-');
    expect(a.lineOf(a.byId.get('Bucket')!)).toBe(1);
  });

  it('names the line of each resource in pretty-printed JSON and in YAML', () => {
    const pretty = JSON.stringify({ Resources: { A: { Type: 'AWS::S3::Bucket' }, B: { Type: 'AWS::S3::Bucket' } } }, null, 1);
    const a = ok('t.json', pretty);
    expect(a.lineOf(a.byId.get('B')!)).toBe(pretty.split('\n').findIndex((l) => l.includes('"B"')) + 1);
    const y = ok('t.yaml', yaml);
    expect(y.lineOf(y.byId.get('Bucket')!)).toBeGreaterThanOrEqual(10);
  });

  it('drops what Ref AWS::NoValue removes, and keeps a choice between it and a value unknown', () => {
    const a = ok('t.json', JSON.stringify({ Resources: { S: { Type: 'AWS::EC2::SecurityGroup', Properties: { A: { Ref: 'AWS::NoValue' }, L: [{ x: 1 }, { Ref: 'AWS::NoValue' }], C: { 'Fn::If': ['Open', [{ x: 2 }], { Ref: 'AWS::NoValue' }] } } } } }));
    expect(props(a, 'S').A).toBeUndefined();
    expect(props(a, 'S').L).toEqual([{ x: 1 }]);
    expect(props(a, 'S').C).toBeInstanceOf(Unknown);
  });

  it('turns a reference to something that is not in the template into an unknown, not a guess', () => {
    const a = ok('t.json', JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { X: { Ref: 'Nowhere' }, Y: { 'Fn::GetAtt': ['Gone', 'Arn'] } } } } }));
    expect(props(a, 'B').X).toBeInstanceOf(Unknown);
    expect(props(a, 'B').Y).toBeInstanceOf(Unknown);
  });

  it('reads tags written as a list or as a map', () => {
    const a = ok('t.json', JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'k', Value: 'v' }] } }, P: { Type: 'AWS::SSM::Parameter', Properties: { Tags: { k: 'w' } } } } }));
    expect(a.byId.get('B')!.tags).toEqual({ k: 'v' });
    expect(a.byId.get('P')!.tags).toEqual({ k: 'w' });
  });
});

describe('Terraform JSON', () => {
  const config = {
    provider: { aws: [{ region: 'eu-west-1', default_tags: { tags: { team: 'a', 'sandbox:tenant': 'x1y' } } }, { alias: 'replica', region: '${var.replica_region}' }] },
    locals: { account_id: '${data.aws_caller_identity.current.account_id}', prefix: 'sbx' },
    data: { aws_caller_identity: { current: {} } },
    resource: {
      aws_kms_key: { k: { enable_key_rotation: true, tags: { team: 'b' } } },
      aws_s3_bucket: [{ b: { bucket: '${local.prefix}-${local.account_id}-x', tags: { own: '1' } } }],
      aws_s3_bucket_policy: {
        p: { bucket: '${aws_s3_bucket.b.id}', policy: '{"Resource":"${aws_s3_bucket.b.arn}/*","Escaped":"$${not.a.ref}","Fn":"${jsonencode(local.x)}","Count":"${aws_kms_key.k[0].arn}"}' },
      },
      aws_s3_bucket_versioning: { v: { bucket: '${aws_s3_bucket.b.id}', provider: '${aws.replica}', versioning_configuration: [{ status: 'Enabled' }], '//': { metadata: 'cdktf' } } },
    },
    module: { vpc: { source: './vpc' } },
    terraform: { backend: { s3: { region: 'eu-central-1' } } },
  };

  it('reads resources, data sources, providers, modules and the settings block with their addresses', () => {
    const a = ok('cdk.tf.json', JSON.stringify(config));
    expect(a.format).toBe('terraform');
    expect([...a.byId.keys()].sort()).toEqual(
      ['aws_kms_key.k', 'aws_s3_bucket.b', 'aws_s3_bucket_policy.p', 'aws_s3_bucket_versioning.v', 'data.aws_caller_identity.current', 'module.vpc', 'provider.aws', 'provider.aws.replica', 'terraform'].sort(),
    );
    expect(props(a, 'aws_s3_bucket_versioning.v')['//']).toBeUndefined();
  });

  it('turns ${…} into references, inlines literal locals, and keeps variables and functions unknown', () => {
    const a = ok('cdk.tf.json', JSON.stringify(config));
    const name = props(a, 'aws_s3_bucket.b').bucket as Interpolation;
    expect(name.parts[0]).toBe('sbx-');
    expect((name.parts[1] as Reference).target).toBe('data.aws_caller_identity.current');
    expect(name.parts[2]).toBe('-x');
    expect(props(a, 'aws_s3_bucket_policy.p').bucket).toEqual(expect.objectContaining({ target: 'aws_s3_bucket.b', attribute: 'id' }));
    const policy = props(a, 'aws_s3_bucket_policy.p').policy as Interpolation;
    const parts = policy.parts.map((p: Value) => (p instanceof Reference ? `ref:${p.target}` : p instanceof Unknown ? 'unknown' : p));
    expect(parts).toContain('ref:aws_s3_bucket.b');
    expect(parts).toContain('ref:aws_kms_key.k');
    expect(parts).toContain('unknown');
    expect(parts.join('')).toContain('$' + '{not.a.ref}');
    expect(props(a, 'provider.aws.replica').region).toBeInstanceOf(Unknown);
    expect(describeValue(props(a, 'provider.aws.replica').region)).toBe('${var.replica_region}');
  });

  it('keeps the iterator of a dynamic block unknown, and the rest of its content as written', () => {
    const a = ok('main.tf.json', JSON.stringify({
      resource: {
        aws_security_group: {
          sg: { dynamic: { ingress: { for_each: '${var.rules}', content: { cidr_blocks: ['${ingress.value.cidr}'], from_port: 443 } }, egress: [{ for_each: '${var.out}', iterator: 'rule', content: { cidr_blocks: ['${rule.value}', '${aws_vpc.v.cidr_block}'] } }] } },
        },
        aws_vpc: { v: { cidr_block: '10.0.0.0/16' } },
      },
    }));
    const dynamic = props(a, 'aws_security_group.sg').dynamic as Record<string, Record<string, Record<string, Value[]>> | Record<string, Record<string, Value[]>>[]>;
    const ingress = (dynamic.ingress as Record<string, Record<string, Value[]>>).content!;
    expect(ingress.cidr_blocks![0]).toBeInstanceOf(Unknown);
    expect((ingress.cidr_blocks![0] as Unknown).reason).toMatch(/iterator of a dynamic block/);
    const egress = (dynamic.egress as Record<string, Record<string, Value[]>>[])[0]!.content!;
    expect(egress.cidr_blocks![0]).toBeInstanceOf(Unknown);
    expect(egress.cidr_blocks![1]).toEqual(expect.objectContaining({ target: 'aws_vpc.v' }));
  });

  it('merges provider default_tags under each AWS resource’s own tags', () => {
    const a = ok('cdk.tf.json', JSON.stringify(config));
    expect(a.byId.get('aws_kms_key.k')!.tags).toEqual({ team: 'b', 'sandbox:tenant': 'x1y' });
    expect(a.byId.get('aws_s3_bucket.b')!.tags).toEqual({ team: 'a', 'sandbox:tenant': 'x1y', own: '1' });
    expect(a.tenant).toBe('x1y');
  });
});

describe('Kubernetes YAML', () => {
  const manifests = [
    '# header comment',
    '---',
    'apiVersion: v1',
    'kind: Namespace',
    'metadata: { name: sbx-demo }',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web, namespace: sbx-demo }',
    'spec: { template: { spec: { containers: [{ name: c, image: x }] } } }',
    '---',
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - { apiVersion: v1, kind: ConfigMap, metadata: { name: a, namespace: sbx-demo } }',
    '  - { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: { name: r } }',
  ].join('\n');

  it('reads every document and every List item, named kind/namespace/name', () => {
    const a = ok('m.yaml', manifests);
    expect(a.format).toBe('kubernetes');
    expect(a.resources.map((r) => r.id)).toEqual(['Namespace/sbx-demo', 'Deployment/sbx-demo/web', 'ConfigMap/sbx-demo/a', 'ClusterRole/r']);
    expect(a.tenant).toBe('demo');
    expect(a.lineOf(a.byId.get('Deployment/sbx-demo/web')!)).toBe(7);
  });

  it('treats a manifest file of comments only as an empty set of objects', () => {
    const a = ok('build/x-tenant/kubernetes/manifests.yaml', '# exited: nothing remains\n');
    expect(a.resources).toEqual([]);
    expect(a.tenant).toBe('x-tenant');
  });
});

describe('format detection and bad input', () => {
  it('tells formats by content, never by file name', () => {
    expect(ok('a.txt.json', '{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}').format).toBe('cloudformation');
    expect(ok('template.yaml', '{"resource":{"aws_s3_bucket":{"b":{}}}}').format).toBe('terraform');
    expect(ok('cdk.tf.json', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n').format).toBe('kubernetes');
  });

  it('says which input is unreadable and which is merely something else', () => {
    const broken = normaliseText('x.json', '{"Resources": ');
    expect(broken).toMatchObject({ ok: false, problem: 'unreadable' });
    const yaml = normaliseText('x.yaml', 'a: [1, 2\nb: c');
    expect(yaml).toMatchObject({ ok: false, problem: 'unreadable' });
    const plan = normaliseText('plan.yaml', 'apiVersion: regulatory-sandbox/v1\nkind: SandboxPlan\nmetadata: { id: x }\n');
    expect(plan).toMatchObject({ ok: false, problem: 'unrecognised' });
    expect(normaliseText('m.json', '{"name": "not an artifact"}')).toMatchObject({ ok: false, problem: 'unrecognised' });
  });

  it('recognises what CDK writes: custom resources and no AWSTemplateFormatVersion', () => {
    for (const type of ['Custom::S3AutoDeleteObjects', 'AWS::CloudFormation::CustomResource', 'Custom::VpcRestrictDefaultSG@v1', 'MyOrg::Service::Thing::MODULE']) {
      expect(ok('t.json', JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' }, C: { Type: type } } })).format, type).toBe('cloudformation');
    }
  });

  it('calls a file shaped like an artifact but not a valid one malformed, naming what is wrong', () => {
    expect(normaliseText('t.json', JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' }, Odd: { Type: 'Custom' }, Bare: {} } }))).toEqual({
      ok: false,
      problem: 'malformed',
      message: expect.stringMatching(/^looks like a CloudFormation template, but Resources\.Odd \(Type "Custom"\), Bare \(no Type\) are no CloudFormation resource/),
    });
    const stray = normaliseText('m.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\n# a comment\n---\nnote: stray\n');
    expect(stray).toEqual({ ok: false, problem: 'malformed', message: expect.stringMatching(/document 2 \(line 7\) of 2 is no Kubernetes object/) });
    expect(normaliseText('c.tf.json', '{"resource": {}, "outputs": {}}')).toMatchObject({ ok: false, problem: 'malformed', message: expect.stringMatching(/\(outputs\)/) });
  });

  it('knows an IAM policy document on its own is no artifact', () => {
    expect(normaliseText('scp.json', '{"Version": "2012-10-17", "Statement": []}')).toMatchObject({ ok: false, problem: 'not-an-artifact' });
  });

  it('reads a file saved with a byte order mark as if it had none', () => {
    const yaml = ok('m.yaml', '\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: sbx-demo }\n');
    expect(yaml.resources.map((r) => r.id)).toEqual(['ConfigMap/sbx-demo/a']);
    expect(ok('t.json', '\uFEFF{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}').format).toBe('cloudformation');
  });

  it('refuses YAML with a key given twice, with its line, in block and in flow style', () => {
    expect(normaliseText('t.yaml', 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: x\n')).toEqual({ ok: false, problem: 'unreadable', message: expect.stringMatching(/^not valid YAML \(line 4\): Map keys must be unique/) });
    expect(normaliseText('m.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, name: b }\n')).toMatchObject({ ok: false, problem: 'unreadable' });
  });

  it('finds the tenant in the build layout and the stack file name, never for the platform', () => {
    expect(tenantFromPath('build/diabetes-risk/aws/Sandbox-diabetes-risk.template.json')).toBe('diabetes-risk');
    expect(tenantFromPath('cdk.out/Sandbox-triage-assist.template.json')).toBe('triage-assist');
    expect(tenantFromPath('build/platform/aws/SandboxPlatform.template.json')).toBeUndefined();
    const platform = ok('build/platform/aws/SandboxPlatform.template.json', '{"Resources":{"P":{"Type":"AWS::Organizations::Policy","Properties":{}}}}');
    expect(platform.scope).toBe('platform');
    expect(platform.tenant).toBeUndefined();
  });
});
