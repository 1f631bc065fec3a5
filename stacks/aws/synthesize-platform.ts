import type { Tenant } from '../../tenancy/index.ts';
import {
  EVIDENCE_KEY_ALIAS_PATTERN,
  evidenceBucketArnPatterns,
  SCP_MAX_CHARACTERS,
  serviceControlPolicy,
  serviceControlPolicyText,
  TENANT_BUCKET_ARN_PATTERN,
  TENANT_ROLE_ARN_PATTERN,
  TENANT_TRAIL_ARN_PATTERN,
} from '../../policies/adapters/service-control-policy.ts';
import { bucketName, tenantBlueprint, tenantBucketArns } from '../blueprint/index.ts';
import type { Artifact } from '../engine.ts';
import { PLATFORM_STACK_NAME, SandboxPlatformStack } from './platform-stack.ts';
import { synthesizeInTemporaryApp } from './synthesize-app.ts';
import { templateText } from './template-json.ts';

export const PLATFORM_TEMPLATE_PATH = `platform/aws/${PLATFORM_STACK_NAME}.template.json`;
export const SCP_DOCUMENT_PATH = 'platform/aws/service-control-policy.json';

const globMatches = (pattern: string, value: string) =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);

/**
 * What the SCP would fail to protect for these tenants: names the blueprint gives that its
 * patterns do not match. Empty when the naming of blueprint and SCP agree, as they must.
 */
export function scpCoverageGaps(tenants: readonly Tenant[]): string[] {
  const gaps: string[] = [];
  const evidence = evidenceBucketArnPatterns();
  const sampleAccount = '123456789012';
  for (const tenant of tenants) {
    const blueprint = tenantBlueprint(tenant);
    const arn = (suffix: string) => `arn:aws:s3:::${bucketName(sampleAccount, tenant.id, suffix)}`;
    for (const suffix of [...blueprint.logStores.map((s) => s.nameSuffix), blueprint.serverAccessLogs.nameSuffix]) {
      if (!evidence.some((p) => globMatches(p, arn(suffix)))) gaps.push(`${tenant.id}: evidence store ${arn(suffix)} is not protected from deletion`);
    }
    for (const store of tenantBucketArns(blueprint, 'aws', sampleAccount)) {
      if (!globMatches(TENANT_BUCKET_ARN_PATTERN, store)) gaps.push(`${tenant.id}: store ${store} is not protected from weakening`);
    }
    if (blueprint.trail && !globMatches(TENANT_TRAIL_ARN_PATTERN, `arn:aws:cloudtrail:${tenant.region}:${sampleAccount}:trail/${blueprint.trailName}`)) {
      gaps.push(`${tenant.id}: trail ${blueprint.trailName} is not protected from being stopped`);
    }
    for (const role of blueprint.roles) {
      if (!globMatches(TENANT_ROLE_ARN_PATTERN, `arn:aws:iam::${sampleAccount}:role/${role.roleName}`)) gaps.push(`${tenant.id}: role ${role.roleName} is not protected from being re-trusted`);
    }
    if (!globMatches(EVIDENCE_KEY_ALIAS_PATTERN, blueprint.evidenceKey.alias)) gaps.push(`${tenant.id}: evidence key ${blueprint.evidenceKey.alias} is not protected from deletion`);
    if (!(serviceControlPolicy().Statement[0]!.Condition!.StringNotEquals!['aws:RequestedRegion'] as readonly string[]).includes(tenant.region)) {
      gaps.push(`${tenant.id}: region ${tenant.region} is denied by the SCP`);
    }
  }
  return gaps;
}

/**
 * The organisation-level artifacts, relative to the build directory: the platform stack's template
 * and the SCP document on its own (for review, or `aws organizations create-policy --content`).
 * Throws when the SCP would leave a tenant's trail, store or key unprotected, or is too long for AWS.
 */
export async function synthesizeAwsPlatform(tenants: readonly Tenant[]): Promise<Artifact[]> {
  const gaps = scpCoverageGaps(tenants);
  if (gaps.length > 0) throw new Error(`the organisation SCP does not cover every tenant:\n${gaps.join('\n')}`);
  const size = serviceControlPolicyText().length;
  if (size > SCP_MAX_CHARACTERS) throw new Error(`the organisation SCP has ${size} characters, more than the ${SCP_MAX_CHARACTERS} AWS Organizations accepts`);
  const template = await synthesizeInTemporaryApp(false, (app) => {
    new SandboxPlatformStack(app);
    return (assembly) => assembly.getStackByName(PLATFORM_STACK_NAME).template as unknown;
  });
  return [
    { path: PLATFORM_TEMPLATE_PATH, content: templateText(template) },
    { path: SCP_DOCUMENT_PATH, content: templateText(serviceControlPolicy()) },
  ];
}

