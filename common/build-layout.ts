import path from 'node:path';

/**
 * Where each tenant's outputs live under the build directory: the contract of ARCHITECTURE.md
 * (`build/<id>/aws|terraform|kubernetes/…`) plus the evidence the workflows leave beside it.
 * Every room that reads or writes a tenant's files asks this module, never builds paths itself.
 */
export interface TenantBuildLayout {
  readonly root: string;
  engineDir(engine: string): string;
  /** The environment fingerprint of the last synth: `{ tenant, fingerprint, files }`. */
  readonly fingerprintFile: string;
  /** Not an artifact: what the last synth was made from, so an unchanged tenant can be skipped. */
  readonly synthStateFile: string;
  /** Guardrail findings of the artifacts on disk, in the `check --format json` shape. */
  readonly findingsFile: string;
  /** Findings of the last synth the check refused: why newer artifacts were not written. */
  readonly rejectedFindingsFile: string;
  /** `data/<dataset profile>/` holds NDJSON, manifest.json and the datasheet. */
  readonly dataDir: string;
  datasetDir(profile: string): string;
  readonly runsDir: string;
  runDir(runId: string): string;
  readonly exportsDir: string;
  exportDir(requestId: string): string;
  readonly reportHtml: string;
  readonly reportJson: string;
  readonly exitReport: string;
}

export function tenantLayout(buildDir: string, tenantId: string): TenantBuildLayout {
  const root = path.join(buildDir, tenantId);
  const dataDir = path.join(root, 'data');
  const runsDir = path.join(root, 'runs');
  const exportsDir = path.join(root, 'exports');
  return {
    root,
    engineDir: (engine) => path.join(root, engine),
    fingerprintFile: path.join(root, 'fingerprint.json'),
    synthStateFile: path.join(root, '.synth-state.json'),
    findingsFile: path.join(root, 'findings.json'),
    rejectedFindingsFile: path.join(root, 'findings.rejected.json'),
    dataDir,
    datasetDir: (profile) => path.join(dataDir, profile),
    runsDir,
    runDir: (runId) => path.join(runsDir, runId),
    exportsDir,
    exportDir: (requestId) => path.join(exportsDir, requestId),
    reportHtml: path.join(root, 'evidence-report.html'),
    reportJson: path.join(root, 'evidence-report.json'),
    exitReport: path.join(root, 'exit-report.json'),
  };
}

/** Organisation-level artifacts (the platform stack with the SCP) sit beside the tenants. */
export const PLATFORM_DIR = 'platform';
