import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, TENANTS_DIR } from '../../tenancy/paths.ts';
import { runCli } from '../support/run-cli.ts';
import { basePlan, tempDir, writePlan } from '../tenancy/plan-fixtures.ts';

describe('sandbox validate', () => {
  it('accepts the example plans (exit 0)', async () => {
    const result = await runCli(['validate']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/3 plan\(s\) valid: diabetes-risk, discharge-summary, triage-assist/);
  });

  it('rejects a broken plan outside the project with file, line, path and rule, and no stack trace', async () => {
    const plan = basePlan();
    plan.spec.region = 'us-east-1';
    plan.spec.people[1].role = 'admin';
    const file = writePlan(plan);
    const result = await runCli(['validate', file], { cwd: path.dirname(file) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^diabetes-risk\.yaml:\d+: spec\.region: must be an AWS region inside the EU.*\[eu-region\]$/m);
    expect(result.stderr).toMatch(/^diabetes-risk\.yaml:\d+: spec\.people\[1\]\.role: .*\[known-role\]$/m);
    expect(result.stderr).toMatch(/2 problem\(s\) in 1 file\(s\); nothing was written/);
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('checks a directory of plans, including ids unique across files', async () => {
    const dir = tempDir();
    const first = writePlan(basePlan(), 'diabetes-risk', dir);
    // the same plan again under a .yml name: one id from two files
    copyFileSync(first, path.join(dir, 'diabetes-risk.yml'));
    const result = await runCli(['validate', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/diabetes-risk\.yml: metadata\.id: "diabetes-risk" is already the id of .*diabetes-risk\.yaml; tenant ids must be unique \[unique-tenant-id\]/);
  });

  it('names a missing path', async () => {
    const result = await runCli(['validate', '/nonexistent/plan.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/nonexistent\/plan\.yaml: .*\[readable\]/);
  });
});

describe('sandbox schema', () => {
  it('prints the JSON Schema that is committed beside the plans', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    const committed = readFileSync(path.join(PROJECT_ROOT, 'sandbox-plan.schema.json'), 'utf8');
    expect(result.stdout).toBe(committed);
  });
});

describe('sandbox --help', () => {
  it('lists the commands and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/validate/);
    expect(result.stdout).toMatch(/synth/);
  });

  it('exits non-zero on an unknown command without a stack trace', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command/);
    expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
