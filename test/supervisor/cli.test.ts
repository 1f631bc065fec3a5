import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryEvents } from '../../audit/index.ts';
import { CliError } from '../../bin/cli-error.ts';
import { registerSupervisorCommands } from '../../bin/commands/supervisor.ts';
import { tenantLayout } from '../../common/build-layout.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import type { EvidenceReport } from '../../supervisor/index.ts';
import { makeFixture, TENANT, type SupervisorFixture } from './fixture.ts';

let f: SupervisorFixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(() => f.cleanup());

/** Runs `sandbox <args>` in this process; returns stdout, or the CliError's exit code. */
async function sandbox(...args: string[]): Promise<{ code: number; stdout: string; message?: string }> {
  const program = new Command('sandbox').exitOverride();
  registerSupervisorCommands(program);
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'sandbox', ...args]);
    return { code: 0, stdout };
  } catch (error) {
    if (error instanceof CliError) return { code: error.exitCode, stdout, message: error.message };
    throw error;
  } finally {
    write.mockRestore();
    quiet.mockRestore();
  }
}

const where = () => ['--build', f.buildDir, '--plans', f.plansDir, '--ledger', f.ledgerDir];

describe('sandbox report', () => {
  it('records the read, then writes the HTML and the signed JSON into build/<id>/', async () => {
    const result = await sandbox('report', TENANT, ...where(), '--as', 'u-300');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/evidence report for diabetes-risk: ledger intact \(head seq \d+\); requirements: \d+ with supporting evidence/);
    const layout = tenantLayout(f.buildDir, TENANT);
    expect(existsSync(layout.reportHtml)).toBe(true);
    const read = (await queryEvents(f.ledgerDir, { tenant: TENANT, type: 'ledger.accessed', reverse: true, limit: 1 })).events[0]!;
    expect(read).toMatchObject({ actor: { id: 'u-300', role: 'supervisor' }, objects: [{ kind: 'ledger-view', id: 'report' }] });
    // The report already counts its own read: the log entry comes before the disclosure.
    const signed = JSON.parse(readFileSync(layout.reportJson, 'utf8')) as { payload: EvidenceReport };
    expect(signed.payload.ledger.tenantLast?.seq).toBe(read.seq);

    const verified = await sandbox('report', '--verify', layout.reportJson, '--pub', path.join(f.ledgerDir, 'ledger.pub'));
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toContain('signature valid');
    writeFileSync(path.join(f.root, 'edited.json'), JSON.stringify({ ...signed, payload: { ...signed.payload, runs: [] } }));
    expect(await sandbox('report', '--verify', path.join(f.root, 'edited.json'), '--ledger', f.ledgerDir)).toMatchObject({ code: 1, message: expect.stringContaining('signature INVALID') });
    expect(await sandbox('report', '--verify', path.join(f.root, 'missing.json'))).toMatchObject({ code: 2 });
  });

  it('writes one form where asked, and refuses bad input without writing', async () => {
    const out = path.join(f.root, 'out', 'report.json');
    expect(await sandbox('report', TENANT, ...where(), '--out', out)).toMatchObject({ code: 0 });
    expect((JSON.parse(readFileSync(out, 'utf8')) as { payload: EvidenceReport }).payload.tenant).toBe(TENANT);
    const stdout = await sandbox('report', TENANT, ...where(), '--out', '-', '--format', 'html');
    expect(stdout.stdout).toMatch(/^<!doctype html>/);

    expect(await sandbox('report', TENANT, ...where(), '--format', 'pdf')).toMatchObject({ code: 1 });
    const before = (await queryEvents(f.ledgerDir, { limit: 0 })).total;
    expect(await sandbox('report', TENANT, ...where(), '--as', 'u-999', '--out', path.join(f.root, 'never.html'))).toMatchObject({ code: 1, message: expect.stringContaining('u-999') });
    expect(existsSync(path.join(f.root, 'never.html'))).toBe(false);
    expect((await queryEvents(f.ledgerDir, { limit: 0 })).total).toBe(before);
    expect(await sandbox('report', TENANT, '--build', f.buildDir, '--plans', f.plansDir, '--ledger', path.join(f.root, 'no-ledger'))).toMatchObject({ code: 2 });
    expect(await sandbox('report')).toMatchObject({ code: 1 });
  });
});

describe('sandbox serve', () => {
  it('serves on 127.0.0.1 until told to stop', async () => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'sandbox.js'), 'serve', '--port', '0', ...where()], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += String(d);
          const match = /supervisor UI: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const res = await fetch(`${url}/tenants/${TENANT}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Sanne de Vries');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)));
    expect(code).toBe(0);
  });
});
