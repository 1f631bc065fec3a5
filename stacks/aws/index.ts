/** The AWS engine's front door: CDK stacks for tenants and the platform, and their synthesis. */
export { addComplianceChecks, COMPLIANCE_PACKS, nagRuleId, type CompliancePack } from './compliance-checks.ts';
export { SANDBOX_CDK_CONTEXT } from './cdk-context.ts';
export { PLATFORM_REGION, PLATFORM_STACK_NAME, SandboxPlatformStack, type SandboxPlatformStackProps } from './platform-stack.ts';
export { createSandboxApp, type SandboxAppOptions } from './sandbox-app.ts';
export { AwsComplianceError } from './synthesize-app.ts';
export { PLATFORM_TEMPLATE_PATH, SCP_DOCUMENT_PATH, scpCoverageGaps, synthesizeAwsPlatform } from './synthesize-platform.ts';
export { AWS_ENGINE_DEFAULTS, createAwsEngine, synthesizeAws, synthesizeAwsTenants, type AwsEngineOptions } from './synthesize-tenants.ts';
export { TENANT_ACKNOWLEDGEMENTS } from './tenant-acknowledgements.ts';
export { SandboxTenantStack, type RenderedTenant, type SandboxTenantStackProps } from './tenant-stack.ts';
export { countResources, templateText, tenantTemplatePath } from './template-json.ts';
