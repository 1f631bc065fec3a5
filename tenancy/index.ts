/** The plan room's front door: everything other rooms may use from tenancy/. */
export * from './tenant.ts';
export { EU_REGIONS, isEuRegion, type EuRegion } from './eu-regions.ts';
export { formatIssue, type PlanIssue } from './plan-issue.ts';
export { planSchema, PLAN_API_VERSIONS, TENANT_ID_PATTERN, type SandboxPlan } from './plan-schema.ts';
export { loadTemplateCatalog, type TemplateCatalog } from './template-catalog.ts';
export {
  expandPlanPaths,
  findPlan,
  findPlanResult,
  findTenant,
  loadPlans,
  validatePlanFile,
  validatePlanText,
  type LoadPlansResult,
  type LoadedPlan,
  type PlanFileResult,
} from './load-plans.ts';
export { LEGAL_RETENTION } from './retention.ts';
export { planJsonSchema, planJsonSchemaText, PLAN_SCHEMA_FILE } from './json-schema.ts';
export { daysBetween, isIsoDate, todayUtc } from './iso-date.ts';
