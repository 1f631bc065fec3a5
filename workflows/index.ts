/**
 * The workflows room's door: what innovators and platform engineers do with a running tenant.
 * Model runs without network, the export airlock, suspension, resumption and exit with its signed
 * report, and the expiry check `sandbox up` runs. The CLI (bin/commands/run.ts, export.ts,
 * lifecycle.ts) and `up` use only what is exported here.
 */
export { WorkflowRefusal } from './refusal.ts';
export { ALLOWED_ROLES, authorise, statusBlocks, type WorkflowAction } from './authorisation.ts';
export { openTenantContext, recordLedgerRead, type ContextOptions, type TenantContext } from './tenant-context.ts';
export { RUN_ID_PATTERN, REQUEST_ID_PATTERN } from './ids.ts';
export { listingSha256, listFiles, type ListedFile } from './file-listing.ts';
export { combinedDatasetSha256 } from './tenant-datasets.ts';
export { IsolationUnavailable, probeIsolation, runIsolated, type IsolatedCommand, type IsolatedResult } from './network-isolated-exec.ts';
export { runModel, RUN_OUTPUT_DIR, RUN_RECORD_FILE, type ModelRunRequest, type ModelRunResult, type RunRecord } from './model-run.ts';
export { checkRequestedPath } from './export-paths.ts';
export {
  decideExport,
  EXPORT_FILES_DIR,
  EXPORT_MANIFEST_FILE,
  exportFileId,
  listExports,
  MAX_EXPORT_FILES,
  requestExport,
  type ExportDecision,
  type ExportDecisionInput,
  type ExportRequestInput,
  type RequestedFile,
} from './airlock.ts';
export {
  EXPORT_EVENT_TYPES,
  exportsFromEvents,
  happened,
  reduceExports,
  reduceRuns,
  requestIdOf,
  RUN_EVENT_TYPES,
  runIdOf,
  runsFromEvents,
  tenantExports,
  tenantRuns,
  type Disregarded,
  type ExportHistory,
  type ExportState,
  type ExportSteps,
  type PlanPerson,
  type RunHistory,
  type RunSteps,
} from './ledger-history.ts';
export { changePlanStatus, resumeTenant, suspendTenant, utcToday, type StatusChange } from './lifecycle.ts';
export { DEFAULT_EXIT_REASON, exitTenant, type ExitInput, type ExitResult, type RenderTenant } from './exit.ts';
export { buildExitReport, EXIT_REPORT_KIND, EXIT_REPORT_VERSION, type DeletedDataset, type ExitReport } from './exit-report.ts';
export { diffResources, resourceInventory, type ResourceDiff, type ResourceRef, type StoreRef } from './resource-inventory.ts';
export { dataStoreCleanup, type DataStoreCleanup } from './data-store-cleanup.ts';
export { exitWorkloadStop, suspensionWorkloadStop, workloadStopDetails, type WorkloadStop } from './workload-stop.ts';
export { deleteRunOutputs, runOutputs, type RunOutputFile } from './run-outputs.ts';
export { expiredTenants, suspendExpiredTenants, type ExpiredSuspension, type ExpiryOptions } from './expiry.ts';
