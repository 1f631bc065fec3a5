import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { PERSON_TRUST_ACTIONS, personTrustConditions, roleStatements, type ResourceRef } from '../blueprint/index.ts';
import { policyJson } from './policy-document.ts';
import { addPermissionBoundary } from './permission-boundary.ts';
import { accountRoot, tfName, type TenantContext } from './tenant-context.ts';

/** The ARNs the abstract resources of the blueprint's role statements resolve to. */
export interface GrantTargets {
  bucket(ref: Extract<ResourceRef, { kind: 'bucket' | 'log-bucket' }>): string;
  readonly dataKey: string | null;
  readonly evidenceKey: string;
  /** All the tenant's log groups, by name prefix: groups retained after exit (flow logs) stay readable. */
  readonly logGroups: string;
  readonly trail: string;
}

function resolve(ref: ResourceRef, targets: GrantTargets): string[] {
  switch (ref.kind) {
    case 'bucket':
      return [targets.bucket(ref)];
    case 'bucket-objects':
      return [`${targets.bucket({ kind: 'bucket', store: ref.store })}/*`];
    case 'log-bucket':
      return [targets.bucket(ref)];
    case 'log-bucket-objects':
      return [`${targets.bucket({ kind: 'log-bucket', retentionClass: ref.retentionClass })}/${ref.prefix ?? ''}*`];
    case 'data-key':
      if (!targets.dataKey) throw new Error('a role statement needs the data key, which this tenant no longer has');
      return [targets.dataKey];
    case 'evidence-key':
      return [targets.evidenceKey];
    case 'log-groups':
      // The group itself (DescribeLogStreams) and its streams (GetLogEvents).
      return [targets.logGroups, `${targets.logGroups}:*`];
    case 'trail':
      return [targets.trail];
    case 'unscoped':
      return ['*'];
  }
}

/**
 * One IAM role per person in the plan and nobody else (AI Act Art. 59(1)(d), EHDS Art. 73(1)):
 * assumable from this account only, only with MFA, and only by a session whose source identity
 * (set by the identity provider, unchangeable by the caller) is the person's, so CloudTrail names
 * the person behind every action; blueprint/person-trust.ts says why not the session name.
 */
export function addPersonRoles(ctx: TenantContext): ReadonlyMap<string, IamRole> {
  const boundary = addPermissionBoundary(ctx);
  const roles = new Map<string, IamRole>();
  for (const person of ctx.blueprint.roles) {
    const role = new IamRole(ctx.stack, tfName('person', person.personId), {
      name: person.roleName,
      description: `Sandbox ${ctx.blueprint.tenantId}: ${person.personRole} ${person.personId}`,
      maxSessionDuration: 3600,
      permissionsBoundary: boundary.arn,
      assumeRolePolicy: policyJson([
        {
          Sid: 'PersonAssumesWithMfa',
          Effect: 'Allow',
          Principal: { AWS: accountRoot(ctx) },
          Action: [...PERSON_TRUST_ACTIONS],
          Condition: personTrustConditions(person.sourceIdentity),
        },
      ]),
    });
    roles.set(person.roleName, role);
  }
  return roles;
}

/** The grants of each person role, with exactly the blueprint's actions. */
export function addPersonRolePolicies(ctx: TenantContext, roles: ReadonlyMap<string, IamRole>, targets: GrantTargets): void {
  for (const person of ctx.blueprint.roles) {
    const role = roles.get(person.roleName);
    if (!role) throw new Error(`no IAM role rendered for ${person.roleName}`);
    new IamRolePolicy(ctx.stack, tfName('person', person.personId, 'grants'), {
      name: `${person.roleName}-grants`,
      role: role.id,
      policy: policyJson(
        roleStatements(person).map((s) => ({
          Sid: s.sid,
          Effect: 'Allow',
          Action: [...s.actions],
          Resource: s.resources.flatMap((r) => resolve(r, targets)),
        })),
      ),
    });
  }
}
