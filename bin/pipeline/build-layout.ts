import path from 'node:path';

/** Where each tenant's outputs live under the build directory (the contract of ARCHITECTURE.md). */
export interface TenantBuildLayout {
  readonly root: string;
  readonly fingerprintFile: string;
  readonly synthStateFile: string;
  engineDir(engine: string): string;
  readonly dataDir: string;
  readonly runsDir: string;
  readonly exportsDir: string;
  readonly reportHtml: string;
  readonly reportJson: string;
  readonly exitReport: string;
}

export function tenantLayout(buildDir: string, tenantId: string): TenantBuildLayout {
  const root = path.join(buildDir, tenantId);
  return {
    root,
    fingerprintFile: path.join(root, 'fingerprint.json'),
    // Not an artifact: what the last synth was made from, so an unchanged tenant can be skipped.
    synthStateFile: path.join(root, '.synth-state.json'),
    engineDir: (engine) => path.join(root, engine),
    dataDir: path.join(root, 'data'),
    runsDir: path.join(root, 'runs'),
    exportsDir: path.join(root, 'exports'),
    reportHtml: path.join(root, 'evidence-report.html'),
    reportJson: path.join(root, 'evidence-report.json'),
    exitReport: path.join(root, 'exit-report.json'),
  };
}

export const PLATFORM_DIR = 'platform';
