import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { queryEvents, type LedgerEvent } from '../../audit/index.ts';
import { generateDataset } from '../../synthetic/index.ts';
import { findPlan, type LoadedPlan } from '../../tenancy/index.ts';
import { TENANTS_DIR } from '../../tenancy/paths.ts';
import { setPlanStatus } from '../../tenancy/plan-status-edit.ts';
import type { CliResult } from '../support/run-cli.ts';
import { sandbox } from './cli.ts';

/** Patients per test dataset: enough to be a dataset, small enough to generate in a blink. */
export const TEST_PATIENTS = 40;

/**
 * A throw-away world for one test file: copies of the example plans (the project's own are never
 * edited) shrunk to small datasets and set active, a build directory with those datasets generated,
 * and a ledger.
 */
export interface Workspace {
  readonly root: string;
  readonly plansDir: string;
  readonly buildDir: string;
  readonly ledgerDir: string;
  readonly env: Record<string, string>;
  plan(id: string): LoadedPlan;
  planFile(id: string): string;
  /** `sandbox <args…> --out <build> --plans <plans>` (the options go before any `--`). */
  cli(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
  events(tenant: string, type?: string): Promise<LedgerEvent[]>;
  dispose(): void;
}

export async function createWorkspace(tenants: readonly string[]): Promise<Workspace> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sandbox-workflows-'));
  const plansDir = path.join(root, 'plans');
  const buildDir = path.join(root, 'build');
  const ledgerDir = path.join(root, 'ledger');
  mkdirSync(plansDir);
  for (const id of tenants) {
    const source = readFileSync(path.join(TENANTS_DIR, `${id}.yaml`), 'utf8');
    const file = path.join(plansDir, `${id}.yaml`);
    writeFileSync(file, source.replace(/patients: \d+/g, `patients: ${TEST_PATIENTS}`));
    // A checkout where someone ran `sandbox suspend` or `exit` on an example keeps that status;
    // every test starts from an active tenant all the same.
    setPlanStatus(file, 'active');
  }
  const ws: Workspace = {
    root,
    plansDir,
    buildDir,
    ledgerDir,
    env: { SANDBOX_LEDGER_DIR: ledgerDir },
    plan: (id) => {
      const plan = findPlan(id, plansDir);
      if (!plan) throw new Error(`no valid plan ${id} in ${plansDir}`);
      return plan;
    },
    planFile: (id) => path.join(plansDir, `${id}.yaml`),
    cli: (args, env = {}) => {
      const at = args.indexOf('--');
      const options = ['--out', buildDir, '--plans', plansDir];
      const full = at < 0 ? [...args, ...options] : [...args.slice(0, at), ...options, ...args.slice(at)];
      return sandbox(full, { ...ws.env, ...env });
    },
    events: async (tenant, type) => (existsSync(ledgerDir) ? (await queryEvents(ledgerDir, { tenant, ...(type && { type }), limit: Infinity })).events : []),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const id of tenants) {
    for (const dataset of ws.plan(id).tenant.datasets) {
      await generateDataset({ profile: dataset.profile, patients: dataset.patients, seed: dataset.seed, outDir: path.join(buildDir, id, 'data', dataset.profile) });
    }
  }
  return ws;
}

/** The run id `sandbox run` reports on stderr. */
export function runIdOf(result: CliResult): string {
  const match = /sandbox run (r-\d{8}T\d{6}-[0-9a-f]{4}):/.exec(result.stderr);
  if (!match) throw new Error(`no run id in: ${result.stderr}`);
  return match[1]!;
}
