import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Artifact } from '../../stacks/engine.ts';
import type { Tenant } from '../../tenancy/index.ts';
import { cliWorkspace, type CliWorkspace } from './cli-workspace.ts';

/**
 * The example plans never give an error finding, so the check inside `up` sees one tenant's
 * artifacts with a property broken (as a faulty engine change would), and the real catalog judges.
 */
vi.mock('../../policies/adapters/synth-check.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../policies/adapters/synth-check.ts')>();
  return {
    ...real,
    synthCheck: (options: Parameters<typeof real.synthCheck>[0]) => {
      const inner = real.synthCheck(options);
      const hook = (tenant: Tenant, artifacts: readonly Artifact[], rel: (p: string) => string) =>
        inner(tenant, tenant.id === 'triage-assist' ? artifacts.map((a) => ({ ...a, content: a.content.replace('"EnableKeyRotation": true', '"EnableKeyRotation": false') })) : artifacts, rel);
      return Object.assign(hook, { cacheKeyFor: inner.cacheKeyFor, cacheKey: inner.cacheKey });
    },
  };
});

let ws: CliWorkspace;
beforeAll(() => {
  ws = cliWorkspace();
});
afterAll(() => rmSync(ws.root, { recursive: true, force: true }));

describe('sandbox up with a guardrail error', () => {
  it('exits 1, names the finding, and writes nothing of that tenant while the others go ahead', async () => {
    const { registerUpCommands } = await import('../../bin/commands/up.ts');
    const program = new Command('sandbox').exitOverride();
    registerUpCommands(program);
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    const previousLedger = process.env.SANDBOX_LEDGER_DIR;
    const previousExit = process.exitCode;
    process.env.SANDBOX_LEDGER_DIR = ws.ledgerDir;
    let exitCode: typeof process.exitCode;
    try {
      await program.parseAsync(['up', '--plans', ws.plansDir, '--out', ws.buildDir, '--today', '2027-01-10', '--quiet'], { from: 'user' });
      exitCode = process.exitCode;
    } finally {
      write.mockRestore();
      process.exitCode = previousExit;
      process.env.SANDBOX_LEDGER_DIR = previousLedger;
    }
    const stdout = out.join('');
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/triage-assist\s+active\s+rejected/);
    expect(stdout).toMatch(/triage-assist: not written, guardrail errors:\nerror SBX-KMS-\d+ triage-assist\/aws\/Sandbox-triage-assist\.template\.json/);
    expect(stdout).toMatch(/3 tenant\(s\), stacks: 2 CloudFormation \+ 2 Terraform \+ 2 Kubernetes \+ 1 platform, in [\d.]+ s; [1-9]\d* error finding\(s\)/);
    expect(stdout).toMatch(/diabetes-risk\s+active\s+synthesized/);
    const root = path.join(ws.buildDir, 'triage-assist');
    expect(existsSync(path.join(root, 'aws'))).toBe(false);
    expect(existsSync(path.join(root, 'fingerprint.json'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(root, 'findings.rejected.json'), 'utf8')).summary.errors).toBeGreaterThan(0);
  });
});
