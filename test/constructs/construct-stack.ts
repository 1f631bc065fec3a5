import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SANDBOX_CDK_CONTEXT } from '../../stacks/aws/index.ts';
import { PersonPermissionBoundary, PersonRole, TenantKey } from '../../constructs/index.ts';

/** A bare stack with the product's feature flags, for testing one construct at a time. */
export function constructStack(): Stack {
  return new Stack(new App({ context: { ...SANDBOX_CDK_CONTEXT } }), 'Test', { env: { region: 'eu-west-1' } });
}

export function key(stack: Stack, id = 'Key'): TenantKey {
  return new TenantKey(stack, id, { alias: `alias/test/${id.toLowerCase()}`, description: 'test key' });
}

export function person(stack: Stack, personId = 'u-1'): PersonRole {
  const boundary = new PersonPermissionBoundary(stack, `Boundary-${personId}`, {
    managedPolicyName: `b-${personId}`,
    bucketArns: ['arn:aws:s3:::sbx-1-t-data'],
    keyTag: { key: 'sandbox:tenant', value: 't' },
    logGroupNamePrefix: '/sandbox/t/',
    trailName: 'sandbox-t',
  });
  return new PersonRole(stack, `Person-${personId}`, { roleName: `sbx-t-${personId}`, sourceIdentity: personId, permissionsBoundary: boundary.policy });
}

/** The distinct actions of every statement in the managed policies attached to a role, sorted. */
export function roleActions(template: Template, roleLogicalId: string): string[] {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as { Properties: { Roles?: { Ref: string }[]; PolicyDocument: { Statement: { Action: string | string[] }[] } } }[];
  const actions = policies
    .filter((p) => (p.Properties.Roles ?? []).some((r) => r.Ref === roleLogicalId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s) => [s.Action].flat()));
  return [...new Set(actions)].sort();
}

export function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } } | iam.Role): string {
  const child = (construct as iam.Role).node.defaultChild ?? construct;
  return stack.getLogicalId(child as never);
}
