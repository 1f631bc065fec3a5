/** The engine-neutral description of a tenant's AWS environment, rendered by stacks/aws and stacks/terraform. */
export * from './tenant-blueprint.ts';
export * from './role-statements.ts';
export * from './person-trust.ts';
export * from './cloudwatch-retention.ts';
export type * from './security-profile.ts';
export * from './resource-policies.ts';
export * from './expected-security-profile.ts';
