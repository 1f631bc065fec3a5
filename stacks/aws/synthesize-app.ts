import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { COMPLIANCE_PACKS } from './compliance-checks.ts';
import { createSandboxApp } from './sandbox-app.ts';

/** cdk-nag found something nobody acknowledged: the report names each rule and resource. */
export class AwsComplianceError extends Error {
  override readonly name = 'AwsComplianceError';
}

/**
 * Builds stacks in one lean App and synthesizes them into a temporary cloud assembly, which is
 * read and removed before this returns: no path, time or machine detail reaches the caller.
 */
export async function synthesizeInTemporaryApp<T>(complianceChecks: boolean, build: (app: App) => (assembly: CloudAssembly) => T): Promise<T> {
  const outdir = await mkdtemp(path.join(tmpdir(), 'sandbox-cdk-'));
  try {
    const app = createSandboxApp({ outdir, complianceChecks, lean: true });
    // In-memory mode: a failed validation throws with the whole report instead of printing it.
    app.node.setContext('@aws-cdk/core:appMode', 'inmemory');
    const read = build(app);
    let assembly: CloudAssembly;
    try {
      assembly = app.synth();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (complianceChecks && COMPLIANCE_PACKS.some((pack) => message.includes(`(${pack})`))) {
        throw new AwsComplianceError(`cdk-nag (HIPAA Security, NIST 800-53 rev 5) found unacknowledged findings:\n${message.replaceAll(outdir, '<cloud assembly>')}`);
      }
      throw error;
    }
    return read(assembly);
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
