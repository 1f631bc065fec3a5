import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { queryEvents, verifyLedger, type LedgerEvent } from '../../audit/index.ts';
import { sha256Hex } from '../../common/sha256.ts';
import { runCli } from '../support/run-cli.ts';
import { cliWorkspace, type CliWorkspace } from './cli-workspace.ts';

let ws: CliWorkspace;
const up = (...extra: string[]) => runCli(['up', '--plans', ws.plansDir, '--out', ws.buildDir, ...extra], { env: ws.env });
const events = async (tenant?: string): Promise<LedgerEvent[]> => (await queryEvents(ws.ledgerDir, { ...(tenant ? { tenant } : {}), limit: Infinity })).events;
const TENANTS = ['diabetes-risk', 'discharge-summary', 'triage-assist'];

beforeAll(() => {
  ws = cliWorkspace();
});
afterAll(() => rmSync(ws.root, { recursive: true, force: true }));

describe('sandbox up, the main job', () => {
  it('synthesizes, checks, generates data, records the ledger and writes evidence reports for every plan', async () => {
    const result = await up('--today', '2027-01-10');
    expect(result.code).toBe(0);
    for (const id of TENANTS) expect(result.stderr).toMatch(new RegExp(`\\[\\d/3\\] ${id}: synthesize \\+ check`));
    expect(result.stdout).toMatch(/tenant\s+status\s+synth\s+resources aws\/tf\/k8s\s+findings\s+dataset rows\s+fingerprint\s+s/);
    expect(result.stdout).toMatch(/diabetes-risk\s+active\s+synthesized\s+\d+\/\d+\/\d+\s+0E 0W\s+\d+ \(new\)\s+[0-9a-f]{12}/);
    expect(result.stdout).toMatch(/3 tenant\(s\), stacks: 3 CloudFormation \+ 3 Terraform \+ 3 Kubernetes \+ 1 platform, in [\d.]+ s; 0 error finding\(s\); 12 ledger event\(s\)/);
    for (const id of TENANTS) {
      const types = (await events(id)).map((e) => e.type);
      expect(types).toEqual(['tenant.admitted', 'tenant.synthesized', 'tenant.checked', 'dataset.generated']);
      const root = path.join(ws.buildDir, id);
      expect(existsSync(path.join(root, 'evidence-report.html'))).toBe(true);
      expect(JSON.parse(readFileSync(path.join(root, 'evidence-report.json'), 'utf8')).signature).toEqual(expect.any(String));
    }
    const admitted = (await events('diabetes-risk'))[0]!;
    expect(admitted.objects?.[0]).toMatchObject({ kind: 'plan', id: 'diabetes-risk', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const generated = (await events('diabetes-risk')).find((e) => e.type === 'dataset.generated')!;
    const manifest = JSON.parse(readFileSync(path.join(ws.buildDir, 'diabetes-risk', 'data', 'diabetes-cohort-nl', 'manifest.json'), 'utf8'));
    expect(manifest.extension.patients).toBe(40);
    expect(generated.ai?.datasetSha256).toBe(generated.objects?.[0]?.sha256);
    expect((await verifyLedger(ws.ledgerDir)).ok).toBe(true);
  });

  it('does almost nothing the second time: no rebuild, no new data, no new events', async () => {
    const before = (await events()).length;
    const result = await up('--today', '2027-01-10');
    expect(result.code).toBe(0);
    for (const id of TENANTS) expect(result.stdout).toMatch(new RegExp(`${id}\\s+active\\s+unchanged`));
    expect(result.stdout).toMatch(/0 ledger event\(s\)/);
    expect(result.stdout).not.toMatch(/\(new\)/);
    expect((await events()).length).toBe(before);
  });

  it('re-hashes a dataset whose files were touched, and regenerates one that was edited', async () => {
    const file = path.join(ws.buildDir, 'triage-assist', 'data', 'ed-triage-nl', 'Patient.ndjson');
    const original = readFileSync(file);
    // Same bytes, new mtime: proven again by hashing, nothing regenerated or recorded.
    writeFileSync(file, original);
    const touched = await up('--today', '2027-01-10');
    expect(touched.stdout).toMatch(/triage-assist\s+active\s+unchanged\s+\S+\s+0E 0W\s+\d+\s/);
    // One byte flipped, same size: the dataset no longer matches its manifest and is made again.
    const edited = Buffer.from(original);
    edited[20] = edited[20] === 0x41 ? 0x42 : 0x41;
    writeFileSync(file, edited);
    const result = await up('--today', '2027-01-10');
    expect(result.stdout).toMatch(/triage-assist\s+active\s+unchanged\s+\S+\s+0E 0W\s+\d+ \(new\)/);
    expect(readFileSync(file).equals(original)).toBe(true);
  });

  it('records a dataset that was generated outside `up` (combined from Indexed Job shards)', async () => {
    const other = cliWorkspace();
    try {
      const dir = path.join(other.buildDir, 'discharge-summary', 'data', 'discharge-letters-nl');
      const shards = [0, 1].map((i) => path.join(other.root, `shard-${i}`));
      for (const [i, shard] of shards.entries()) {
        expect((await runCli(['data', 'generate', '--profile', 'discharge-letters-nl', '--patients', '40', '--seed', '11', '--shard', `${i}/2`, '--out', shard])).code).toBe(0);
      }
      expect((await runCli(['data', 'combine', '--out', dir, ...shards])).code).toBe(0);
      const manifestSha256 = sha256Hex(readFileSync(path.join(dir, 'manifest.json')));
      const result = await runCli(['up', '--plans', other.plansDir, '--out', other.buildDir, '--quiet'], { env: other.env });
      expect(result.code).toBe(0);
      // Not regenerated (the shards make the same bytes as one run), but now in the ledger.
      expect(result.stdout).toMatch(/discharge-summary\s+active\s+synthesized\s+\S+\s+0E 0W\s+\d+\s+[0-9a-f]{12}/);
      const recorded = (await queryEvents(other.ledgerDir, { tenant: 'discharge-summary', type: 'dataset.generated', limit: Infinity })).events;
      expect(recorded.map((e) => e.objects?.[0]?.sha256)).toEqual([manifestSha256]);
    } finally {
      rmSync(other.root, { recursive: true, force: true });
    }
  });

  it('exits 1 and writes nothing when the waivers file is invalid', async () => {
    const waivers = path.join(ws.root, 'bad-waivers.yaml');
    writeFileSync(waivers, 'apiVersion: regulatory-sandbox/v1\nkind: GuardrailWaivers\nwaivers:\n  - { rule: SBX-KMS-001 }\n');
    const before = (await events()).length;
    const result = await up('--today', '2027-01-10', '--waivers', waivers);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/problem\(s\) in the waivers file; nothing was synthesized or written/);
    expect((await events()).length).toBe(before);
  });

  it('records a waiver when it appears and again when it has run out', async () => {
    const waivers = path.join(ws.root, 'waivers.yaml');
    writeFileSync(
      waivers,
      'apiVersion: regulatory-sandbox/v1\nkind: GuardrailWaivers\nwaivers:\n' +
        '  - { rule: SBX-NET-003, tenant: diabetes-risk, resource: SomeIngress, reason: "Temporary ingress during the 2027-02 data load, removed afterwards", approver: u-400, expires: 2027-02-28 }\n',
    );
    expect((await up('--today', '2027-02-01', '--waivers', waivers)).code).toBe(0);
    expect((await up('--today', '2027-02-02', '--waivers', waivers)).code).toBe(0);
    const granted = (await events('diabetes-risk')).filter((e) => e.type === 'waiver.granted');
    expect(granted).toHaveLength(1);
    expect(granted[0]).toMatchObject({ actor: { id: 'u-400' }, objects: [{ kind: 'resource', id: 'SomeIngress' }], details: { rule: 'SBX-NET-003', expires: '2027-02-28' } });
    expect((await up('--today', '2027-03-01', '--waivers', waivers)).code).toBe(0);
    expect((await events('diabetes-risk')).filter((e) => e.type === 'waiver.expired')).toHaveLength(1);
  });

  it('suspends a plan whose period has ended, editing only its status line, and renders it suspended', async () => {
    const file = ws.plan('diabetes-risk');
    const before = readFileSync(file, 'utf8');
    const result = await up('--today', '2027-07-01');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/diabetes-risk: period ended 2027-06-30; suspended/);
    expect(result.stdout).toMatch(/diabetes-risk\s+suspended\s+synthesized/);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(before.replace('status: active', 'status: suspended'));
    const types = (await events('diabetes-risk')).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['tenant.expired', 'tenant.suspended']));
    const quota = readFileSync(path.join(ws.buildDir, 'diabetes-risk', 'kubernetes', 'manifests.yaml'), 'utf8')
      .split(/^---$/m)
      .map((doc) => parse(doc))
      .find((o) => o?.kind === 'ResourceQuota');
    expect(quota.spec.hard.pods).toBe('0');
    // The other plans run on.
    expect(readFileSync(ws.plan('triage-assist'), 'utf8')).toMatch(/status: active/);
    // The next run says it again, without suspending twice.
    const again = await up('--today', '2027-07-02');
    expect(again.stdout).toMatch(/diabetes-risk: still suspended, period ended 2027-06-30/);
    expect(again.stdout).not.toMatch(/diabetes-risk: period ended/);
  });
});
