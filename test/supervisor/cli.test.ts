import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryEvents, signJson } from '../../audit/index.ts';
import { CliError } from '../../bin/cli-error.ts';
import { registerSupervisorCommands } from '../../bin/commands/supervisor.ts';
import { tenantLayout } from '../../common/build-layout.ts';
import { verifyEvidenceReport, type EvidenceReport } from '../../supervisor/index.ts';
import { EXIT_REPORT_KIND, type ExitReport } from '../../workflows/index.ts';
import { makeFixture, TENANT, type SupervisorFixture } from './fixture.ts';
import { startServeProcess } from './serve-process.ts';

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

describe('sandbox report --verify with an exit report', () => {
  /**
   * A signed exit report as `sandbox exit` signs it (signJson over the payload, the ledger's key),
   * holding the parts a supervisor's check reads and the deletion record it must protect; the
   * workflows' own tests cover the rest of what the writer puts in it.
   */
  async function writeSignedExitReport(file: string): Promise<void> {
    const head = JSON.parse(readFileSync(path.join(f.ledgerDir, 'head.json'), 'utf8')) as { seq: number; hash: string; keyId: string; signature: string };
    const report: Pick<ExitReport, 'kind' | 'version' | 'summary' | 'tenant' | 'exit' | 'datasetsDeleted' | 'ledger'> = {
      kind: EXIT_REPORT_KIND,
      version: 1,
      summary: 'Example Health AI B.V. took part in the sandbox as tenant diabetes-risk.',
      tenant: { ...f.plan.tenant },
      exit: { at: '2027-06-30T17:00:00.000Z', by: { id: 'u-400', role: 'platform-engineer' }, reason: 'participation complete', previousStatus: 'active' },
      datasetsDeleted: [{ id: 'diabetes-cohort-nl@7', profile: 'diabetes-cohort-nl', seed: 7, manifestSha256: f.datasetSha256, classification: 'synthetic', seq: 3 }],
      ledger: { finalCheckpoint: null, head: { seq: head.seq, hash: head.hash, keyId: head.keyId, signature: head.signature } },
    };
    writeFileSync(file, `${JSON.stringify(await signJson(f.ledgerDir, report), null, 2)}\n`);
  }

  it('checks the signed exit report against the published key, and refuses an edited copy', async () => {
    const file = path.join(f.root, 'exit-report.json');
    await writeSignedExitReport(file);
    const signed = JSON.parse(readFileSync(file, 'utf8')) as { payload: ExitReport };
    const pub = path.join(f.ledgerDir, 'ledger.pub');

    const verified = await sandbox('report', '--verify', file, '--pub', pub);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`exit report ${file} (tenant ${TENANT}): signature valid`);
    const anchor = signed.payload.ledger.head!;
    expect(verified.stdout).toContain(`--expect-head ${anchor.seq}:${anchor.hash}`);

    // One deletion record dropped: the datasets deleted at exit are what Art. 59(1)(g) is checked by.
    const edited = path.join(f.root, 'exit-report.edited.json');
    writeFileSync(edited, JSON.stringify({ ...signed, payload: { ...signed.payload, datasetsDeleted: [] } }));
    expect(await sandbox('report', '--verify', edited, '--pub', pub)).toMatchObject({ code: 1, message: expect.stringMatching(/^exit report .* \(tenant diabetes-risk\): signature INVALID: the signature does not match the payload/) });
    // One byte of the file changed, as a reader would tamper with it.
    const byte = path.join(f.root, 'exit-report.byte.json');
    writeFileSync(byte, readFileSync(file, 'utf8').replace('participation complete', 'participation completE'));
    expect(await sandbox('report', '--verify', byte, '--pub', pub)).toMatchObject({ code: 1, message: expect.stringContaining('signature INVALID') });
    // An unknown kind of document is not "valid" just because it is signed.
    const other = path.join(f.root, 'other.json');
    writeFileSync(other, JSON.stringify(await signJson(f.ledgerDir, { kind: 'shopping-list' })));
    expect(await sandbox('report', '--verify', other, '--pub', pub)).toMatchObject({ code: 1, message: expect.stringContaining('neither an evidence report') });
    // The evidence-report check alone does not take an exit report for one.
    expect(await verifyEvidenceReport(signed, { publicKeyPath: pub })).toMatchObject({ ok: false, problem: expect.stringContaining('exit report') });
  });
});

describe('sandbox report <unknown id>', () => {
  it('refuses a tenant with neither a plan nor an event in the ledger, writing nothing', async () => {
    const before = (await queryEvents(f.ledgerDir, { limit: 0 })).total;
    const refused = await sandbox('report', 'nosuch', ...where());
    expect(refused).toMatchObject({ code: 1, message: expect.stringContaining(`no tenant "nosuch": no plan in ${f.plansDir} and no event of it in the ledger`) });
    const out = path.join(f.root, 'nosuch.json');
    expect(await sandbox('report', 'nosuch', ...where(), '--out', out)).toMatchObject({ code: 1 });
    expect(await sandbox('report', 'nosuch', ...where(), '--as', 'u-300')).toMatchObject({ code: 1, message: expect.stringContaining('no tenant "nosuch"') });
    expect(existsSync(tenantLayout(f.buildDir, 'nosuch').root)).toBe(false);
    expect(existsSync(out)).toBe(false);
    expect((await queryEvents(f.ledgerDir, { limit: 0 })).total).toBe(before);

    // A plan file that does not validate is named as such.
    const plans = path.join(f.root, 'plans-invalid');
    mkdirSync(plans, { recursive: true });
    writeFileSync(path.join(plans, 'broken-plan.yaml'), 'apiVersion: regulatory-sandbox/v1\nkind: SandboxPlan\n');
    expect(await sandbox('report', 'broken-plan', '--build', f.buildDir, '--plans', plans, '--ledger', f.ledgerDir)).toMatchObject({ code: 1, message: expect.stringContaining('broken-plan.yaml does not validate') });
  });

  it('still reports a tenant whose plan was removed but whose events are in the ledger (an exited tenant)', async () => {
    const noPlans = path.join(f.root, 'plans-after-exit');
    mkdirSync(noPlans, { recursive: true });
    const out = path.join(f.root, 'after-exit', 'report.json');
    expect(await sandbox('report', TENANT, '--build', f.buildDir, '--plans', noPlans, '--ledger', f.ledgerDir, '--out', out)).toMatchObject({ code: 0 });
    const report = (JSON.parse(readFileSync(out, 'utf8')) as { payload: EvidenceReport }).payload;
    expect(report).toMatchObject({ tenant: TENANT, plan: null });
    expect(report.runs.length).toBeGreaterThan(0);
  });
});

describe('sandbox serve', () => {
  it('serves on 127.0.0.1 until told to stop', async () => {
    const serve = await startServeProcess(where());
    try {
      const res = await fetch(`${serve.url}/tenants/${TENANT}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Sanne de Vries');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});
