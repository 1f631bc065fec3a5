/**
 * The guardrails room's front door. Everything other rooms use from policies/ comes from here:
 * checking files or in-memory artifacts against the catalog, loading waivers, rendering reports,
 * and the adapters that run the same catalog inside `cdk synth` and `sandbox synth`.
 */
import { RULES } from './catalog/index.ts';
import { projectTenants } from './check/tenant-lookup.ts';
import type { TenantLookup } from './evaluate/evaluate.ts';
import { loadWaivers as loadWaiverFile, type WaiverLoadResult } from './waivers/load-waivers.ts';
import { WAIVERS_FILE } from '../tenancy/paths.ts';

export { CATALOG, RULES, type CatalogEntry } from './catalog/index.ts';
export { checkArtifacts, type ArtifactInput, type CheckOptions, type CheckResult, type InputProblem } from './check/check-artifacts.ts';
export { checkFiles, type FileCheckOptions } from './check/check-files.ts';
export { knownTenants, projectTenants } from './check/tenant-lookup.ts';
export type { AppliedWaiver, Finding, Summary } from './evaluate/finding.ts';
export type { TenantLookup } from './evaluate/evaluate.ts';
export { LEGAL_REFERENCES, citation, type LegalReferenceId } from './legal-references.ts';
export { REPORT_FORMATS, renderReport, renderJson, renderJunit, renderSarif, renderText, type ReportFormat } from './report/index.ts';
export type { RuleDefinition, Severity } from './rule.ts';
export { formatWaiverIssue, parseWaivers, type WaiverIssue, type WaiverLoadResult } from './waivers/load-waivers.ts';
export type { Waiver, WaiverUse } from './waivers/waiver.ts';

/** The project's waivers file (sandbox-templates/waivers.yaml), validated against the catalog and the plans. */
export function loadWaivers(file: string = WAIVERS_FILE, tenants: TenantLookup = projectTenants()): WaiverLoadResult {
  return loadWaiverFile(file, { tenants, ruleIds: RULES.map((r) => r.id) });
}
