import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger, peopleDirectory, queryEvents } from '../../audit/index.ts';
import { tenantLayout } from '../../common/build-layout.ts';
import { sha256Hex } from '../../common/sha256.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import { buildEvidenceReport, mapRequirements, REQUIREMENTS, renderEvidenceReport, verifyEvidenceReport, writeEvidenceReport, type EvidenceReport } from '../../supervisor/index.ts';
import { HOSTILE_MESSAGE, HOSTILE_PURPOSE, makeFixture, TENANT, type SupervisorFixture } from './fixture.ts';

/** Beside every checkout (developers and CI): the law as the product reads it. */
const REGULATION = path.join(PROJECT_ROOT, '..', 'shared', 'reference', 'regulation.md');
const hasRegulation = existsSync(REGULATION);
if (!hasRegulation) console.warn(`[supervisor] SKIPPING the comparison with ${REGULATION}: the shared reference is not beside this checkout`);

/** The table of shared/reference/regulation.md, parsed: the rows the mapping must cover. */
function regulationRows(): { number: number; source: string; requirement: string; control: string }[] {
  const text = readFileSync(REGULATION, 'utf8');
  const section = text.slice(text.indexOf('## Requirements and the control'), text.indexOf('## Retention classes'));
  return section
    .split('\n')
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      return { number: Number(cells[0]), source: cells[1]!, requirement: cells[2]!, control: cells[3]! };
    });
}

let f: SupervisorFixture;
let written: Awaited<ReturnType<typeof writeEvidenceReport>>;

beforeAll(async () => {
  f = await makeFixture({ synth: true, hostile: true });
  written = await writeEvidenceReport(TENANT, { buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir });
});
afterAll(() => f.cleanup());

describe('evidence report: content', () => {
  it('has every section, with the evidence each is for', () => {
    const html = written.html;
    for (const id of ['summary', 'requirements', 'plan', 'environment', 'guardrails', 'datasets', 'runs', 'exports', 'lifecycle', 'refusals', 'ledger', 'signature']) {
      expect(html, `section ${id}`).toContain(`<section id="${id}">`);
    }
    const r = written.report;
    // The plan, rendered and with the hash of its exact bytes.
    expect(r.plan?.sha256).toBe(sha256Hex(readFileSync(path.join(f.plansDir, `${TENANT}.yaml`))));
    expect(html).toContain(r.plan!.sha256);
    expect(html).toContain('Sanne de Vries');
    // The environment as synthesized, with per-engine resources.
    const fingerprint = JSON.parse(readFileSync(tenantLayout(f.buildDir, TENANT).fingerprintFile, 'utf8')) as { fingerprint: string; files: Record<string, string>; resources: Record<string, number> };
    expect(r.environment?.fingerprint).toBe(fingerprint.fingerprint);
    expect(r.environment?.resources).toEqual(fingerprint.resources);
    for (const file of Object.keys(fingerprint.files)) expect(html).toContain(file);
    expect(html).toMatch(/aws resources<\/dt><dd>\d+</);
    // Guardrails with their legal references; the waived finding stays visible with its waiver.
    expect(html).toContain('SBX-NET-001');
    expect(html).toContain('AI Act Art. 59(1)(d)');
    expect(html).toMatch(/<tr class="waived"><td><code>SBX-DATA-006<\/code>/);
    expect(html).toContain('scratch space, emptied daily');
    expect(html).toContain('approved by Fatima El Amrani (u-200)');
    // The dataset with its datasheet and representativeness table.
    expect(html).toContain('Datasheet: diabetes-cohort-nl (synthetic)');
    expect(html).toContain('Age band × sex against the reference population');
    expect(r.datasets[0]?.files?.manifestSha256).toBe(f.datasetSha256);
    // Runs and exports as the ledger recorded them, and the ledger's verification.
    expect(r.runs.map((x) => [x.runId, x.exitCode, x.outputs.length])).toEqual([
      ['run-0001', 0, 2],
      ['run-0002', 2, 0],
    ]);
    expect(r.exports.map((x) => [x.requestId, x.decision?.kind, x.decision?.actor, x.released?.destination])).toEqual([
      ['exp-0001', 'approved', 'u-200', 'exports/exp-0001/'],
      ['exp-0002', 'rejected', 'u-200', undefined],
    ]);
    expect(html).toContain('weights may memorise records');
    expect(r.ledger).toMatchObject({ available: true, ok: true, events: 16, tenantEvents: 16 });
    // Refused attempts are evidence of the controls, not runs or decisions.
    expect(r.refusals.map((x) => [x.type, x.actor, x.outcome])).toEqual([
      ['export.approved', 'u-100', 'denied'],
      ['model.run.started', 'u-300', 'denied'],
    ]);
    expect(html).toContain('model runs need the innovator role');
    expect(html).toContain(r.ledger.head!.hash);
  });

  it.skipIf(!hasRegulation)('carries exactly the requirement table of regulation.md', () => {
    const rows = regulationRows();
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    // The mapping's list is the file's table: a requirement changed there must change here.
    expect(REQUIREMENTS.map(({ number, source, requirement, control }) => ({ number, source, requirement, control }))).toEqual(rows);
  });

  it('maps every requirement, in plain language and as support, never as a verdict', () => {
    const mapped = written.report.requirements;
    expect(mapped.map((r) => r.number)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const r of mapped) {
      expect(r.evidence.length, `requirement ${r.number}`).toBeGreaterThan(0);
      expect(written.html).toContain(`<tr id="requirement-${r.number}">`);
      for (const section of r.sections) expect(written.html).toContain(`<section id="${section}">`);
    }
    expect(written.html).not.toMatch(/satisf|complies with|compliant with/i);
    expect(written.html).toContain('<em>supports</em>');
  });

  it('judges each requirement by the evidence: open findings, missing records and what has not happened yet', () => {
    const byNumber = new Map(written.report.requirements.map((r) => [r.number, r]));
    // SBX-NET-001 (an error) supports the isolation requirement: it needs attention.
    expect(byNumber.get(1)!.status).toBe('attention');
    expect(byNumber.get(1)!.evidence.join(' ')).toContain('1 open error finding');
    // Exports decided by someone other than the requester.
    expect(byNumber.get(3)!.evidence.join(' ')).toContain('Every decision was taken by a person other than the requester');
    expect(byNumber.get(3)!.evidence.join(' ')).toContain('1 export step (such as a requester deciding their own request) was refused and logged');
    expect(byNumber.get(2)!.evidence.join(' ')).toContain('2 attempts by a person without the role');
    // Model runs are logged with their hashes; the exit report does not exist before exit.
    expect(byNumber.get(9)!.status).toBe('supported');
    expect(byNumber.get(10)!.status).toBe('pending');
    expect(byNumber.get(12)!.evidence.join(' ')).toContain('ships a datasheet');

    const selfApproved: EvidenceReport = {
      ...written.report,
      exports: written.report.exports.map((e) => (e.decision ? { ...e, decision: { ...e.decision, actor: e.requested!.actor } } : e)),
    };
    const remapped = mapRequirements(selfApproved, new Map());
    expect(remapped.find((r) => r.number === 3)).toMatchObject({ status: 'attention' });
    expect(remapped.find((r) => r.number === 3)!.evidence.join(' ')).toContain('lack a decision by a second person');
  });
});

describe('evidence report: integrity', () => {
  it('is signed with the ledger key, and a changed report or a foreign key fails the check', async () => {
    const signed = JSON.parse(readFileSync(written.jsonFile, 'utf8')) as { payload: EvidenceReport };
    expect(await verifyEvidenceReport(signed, { ledgerDir: f.ledgerDir })).toEqual({ ok: true, tenant: TENANT });
    expect(await verifyEvidenceReport(signed, { publicKeyPath: path.join(f.ledgerDir, 'ledger.pub') })).toMatchObject({ ok: true });

    const altered = { ...signed, payload: { ...signed.payload, runs: signed.payload.runs.slice(1) } };
    expect(await verifyEvidenceReport(altered, { ledgerDir: f.ledgerDir })).toMatchObject({ ok: false, problem: 'the signature does not match the payload' });

    const other = mkdtempSync(path.join(tmpdir(), 'supervisor-key-'));
    try {
      await openLedger(other, { source: { system: 't', version: '1' } }).append({ tenant: 'platform', type: 'ledger.accessed', outcome: 'success', actor: { id: 'svc:ledger' } });
      expect(await verifyEvidenceReport(signed, { ledgerDir: other })).toMatchObject({ ok: false });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    expect(await verifyEvidenceReport({ payload: { format: 'something-else' }, signature: 'x' }, { ledgerDir: f.ledgerDir })).toMatchObject({ ok: false });
  });

  it('escapes plan text and finding messages: hostile input is shown, never run', () => {
    const html = written.html;
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b onmouseover');
    expect(html).toContain('&lt;script&gt;alert(&quot;purpose&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;b onmouseover=&quot;alert(2)&quot;&gt;bucket&lt;/b&gt;');
    // The JSON keeps the data as it is.
    expect(written.report.plan!.facts).toContainEqual(['purpose', HOSTILE_PURPOSE]);
    expect(written.report.guardrails!.findings.map((x) => x.message)).toContain(HOSTILE_MESSAGE);
  });

  it('is one self-contained file: inline style, no script, no external asset', () => {
    expect(written.html).toMatch(/<style>[^<]+<\/style>/);
    expect(written.html).not.toMatch(/<(script|link|img|iframe|object)\b/i);
    expect(written.html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
  });

  it('is deterministic: same inputs, same bytes; no clock and no absolute paths inside', async () => {
    const again = await writeEvidenceReport(TENANT, { buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir });
    expect(again.written).toBe(false);
    expect(again.json).toBe(written.json);
    expect(again.html).toBe(written.html);
    const last = (await queryEvents(f.ledgerDir, { tenant: TENANT, reverse: true, limit: 1 })).events[0]!;
    expect(written.report.generatedAt).toBe(last.time);
    for (const text of [written.html, written.json]) expect(text).not.toContain(f.root);
    const dated = await buildEvidenceReport(TENANT, { buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir, generatedAt: '2027-07-01T00:00:00.000Z' });
    expect(dated.generatedAt).toBe('2027-07-01T00:00:00.000Z');
  });
});

describe('evidence report: what the ledger says wins', () => {
  it('reports a tampered ledger, and the requirements that rest on it need attention', async () => {
    const copy = path.join(f.root, 'ledger-tampered');
    cpSync(f.ledgerDir, copy, { recursive: true });
    const segment = path.join(copy, 'segments', readdirSync(path.join(copy, 'segments'))[0]!);
    writeFileSync(segment, readFileSync(segment, 'utf8').replace('python eval.py', 'python evil.py'));
    const report = await buildEvidenceReport(TENANT, { buildDir: f.buildDir, ledgerDir: copy, plansDir: f.plansDir });
    expect(report.ledger).toMatchObject({ available: true, ok: false, firstBad: { seq: 6, problem: 'hash' } });
    expect(report.requirements.find((r) => r.number === 8)).toMatchObject({ status: 'attention' });
    const rendered = await renderEvidenceReport(TENANT, { buildDir: f.buildDir, ledgerDir: copy, plansDir: f.plansDir });
    expect(rendered.html).toContain('TAMPERED or damaged');
  });

  it('builds for a tenant with nothing recorded yet, saying what is missing', async () => {
    const report = await buildEvidenceReport(TENANT, { buildDir: path.join(f.root, 'empty-build'), ledgerDir: path.join(f.root, 'no-ledger'), plansDir: f.plansDir });
    expect(report.ledger).toMatchObject({ available: false, problem: 'there is no ledger yet' });
    expect(report.environment).toBeNull();
    expect(report.guardrails).toBeNull();
    expect(report.requirements).toHaveLength(16);
    expect(report.requirements.find((r) => r.number === 9)).toMatchObject({ status: 'pending' });
    expect(report.generatedAt).toBeNull();
  });

  it('after exit: the deletion records and the exit report recorded in the ledger support requirements 6 and 10', async () => {
    const exitReport = tenantLayout(f.buildDir, TENANT).exitReport;
    writeFileSync(exitReport, '{"exit":"report"}\n');
    const ledger = openLedger(f.ledgerDir, { actors: peopleDirectory(new Map([[TENANT, f.plan.tenant.people]])), source: { system: 'supervisor-test', version: '1' } });
    const plan = { kind: 'plan', id: TENANT, sha256: f.plan.sha256 };
    await ledger.appendBatch([
      { tenant: TENANT, type: 'dataset.deleted', outcome: 'success', time: '2027-07-01T10:00:00.000Z', actor: { id: 'u-400' }, objects: [{ kind: 'dataset', id: 'diabetes-cohort-nl@7', sha256: f.datasetSha256, classification: 'synthetic' }], details: { reason: 'tenant-exit' } },
      { tenant: TENANT, type: 'tenant.exited', outcome: 'success', time: '2027-07-01T10:00:01.000Z', actor: { id: 'u-400' }, objects: [plan], details: { reason: 'period ended', exitReportSha256: sha256Hex('{"exit":"report"}\n'), removedResources: 42 } },
    ]);
    try {
      const report = await buildEvidenceReport(TENANT, { buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir });
      expect(report.datasets[0]?.recorded?.deleted).toMatchObject({ reason: 'tenant-exit', actor: 'u-400' });
      expect(report.requirements.find((r) => r.number === 6)).toMatchObject({ status: 'supported' });
      expect(report.requirements.find((r) => r.number === 10)).toMatchObject({ status: 'supported' });
      writeFileSync(exitReport, '{"exit":"edited"}\n');
      const edited = await buildEvidenceReport(TENANT, { buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir });
      expect(edited.requirements.find((r) => r.number === 10)).toMatchObject({ status: 'attention' });
    } finally {
      rmSync(exitReport, { force: true });
    }
  });
});
