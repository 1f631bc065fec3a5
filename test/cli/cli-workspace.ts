import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TENANTS_DIR } from '../../tenancy/paths.ts';

/**
 * A scratch workspace for CLI tests: copies of the example plans (with small datasets, so `up`
 * stays quick), a build directory and a ledger, all under the system's temp directory. The
 * project's own plans, build/ and .sandbox/ are never touched.
 */
export interface CliWorkspace {
  readonly root: string;
  readonly plansDir: string;
  readonly buildDir: string;
  readonly ledgerDir: string;
  readonly env: Record<string, string>;
  plan(id: string): string;
}

export function cliWorkspace(options: { patients?: number } = {}): CliWorkspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sandbox-cli-'));
  const plansDir = path.join(root, 'plans');
  cpSync(TENANTS_DIR, plansDir, { recursive: true });
  const patients = options.patients ?? 40;
  for (const file of readdirSync(plansDir)) {
    const full = path.join(plansDir, file);
    // Active whatever the checkout says: a user who tried `sandbox suspend` on an example tenant
    // must not see these tests fail.
    writeFileSync(full, readFileSync(full, 'utf8').replace(/patients: \d+/g, `patients: ${patients}`).replace(/^(\s+status:\s*)\w+/m, '$1active'));
  }
  const ledgerDir = path.join(root, 'ledger');
  return {
    root,
    plansDir,
    buildDir: path.join(root, 'build'),
    ledgerDir,
    env: { SANDBOX_LEDGER_DIR: ledgerDir },
    plan: (id) => path.join(plansDir, `${id}.yaml`),
  };
}
