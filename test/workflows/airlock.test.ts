import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger, peopleDirectory, type LedgerEvent, type NewEvent } from '../../audit/index.ts';
import { buildEvidenceReport } from '../../supervisor/index.ts';
import { reduceExports } from '../../workflows/index.ts';
import { createWorkspace, runIdOf, type Workspace } from './workspace.ts';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
// discharge-summary has two data stewards (u-210, u-211), one innovator (u-110)
const TENANT = 'discharge-summary';
const INNOVATOR = 'u-110';

let ws: Workspace;
let runId: string;
let outputDir: string;

/** The request id is the last line `export request` prints. */
function requestIdOf(stdout: string): string {
  return stdout.trim().split('\n').at(-1)!;
}

async function request(files: readonly string[], extra: readonly string[] = []) {
  return ws.cli(['export', 'request', TENANT, '--as', INNOVATOR, '--run', runId, ...files.flatMap((f) => ['--file', f]), ...extra]);
}

beforeAll(async () => {
  ws = await createWorkspace([TENANT]);
  const run = await ws.cli([
    'run', TENANT, '--as', INNOVATOR, '--',
    'sh', '-c',
    [
      'cd "$SANDBOX_OUTPUT_DIR"',
      'echo "{\\"rouge\\": 0.41}" > metrics.json',
      'mkdir -p cards && echo "# model card" > cards/model-card.md',
      'echo draft > draft.txt',
      'ln -s /etc/hostname host-link',
      'ln -s "$SANDBOX_DATA_DIR/discharge-letters-nl/Patient.ndjson" data-link',
      'ln -s metrics.json metrics-link.json',
    ].join(' && '),
  ]);
  expect(run.code).toBe(0);
  runId = runIdOf(run);
  outputDir = path.join(ws.buildDir, TENANT, 'runs', runId, 'output');
});

afterAll(() => ws.dispose());

describe('sandbox export', () => {
  it('request → approval by a steward → files copied with a manifest of hashes; every step in the ledger', async () => {
    const asked = await request(['metrics.json', 'cards/model-card.md'], ['--reason', 'for the publication']);
    expect(asked.stderr).toBe('');
    expect(asked.code).toBe(0);
    const requestId = requestIdOf(asked.stdout);
    expect(requestId).toMatch(/^x-\d{8}T\d{6}-[0-9a-f]{4}$/);

    const approved = await ws.cli(['export', 'approve', TENANT, requestId, '--as', 'u-210', '--reason', 'aggregate metrics only']);
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    const destination = path.join(ws.buildDir, TENANT, 'exports', requestId);
    const manifest = JSON.parse(readFileSync(path.join(destination, 'manifest.json'), 'utf8'));
    const expected = ['cards/model-card.md', 'metrics.json'].map((p) => ({ p, hash: sha256(readFileSync(path.join(outputDir, p))) }));
    expect(manifest).toMatchObject({ requestId, tenant: TENANT, runId, requestedBy: INNOVATOR, approvedBy: 'u-210' });
    expect(manifest.files.map((f: { path: string; sha256: string }) => [f.path, f.sha256])).toEqual(expected.map((e) => [`files/${e.p}`, e.hash]));
    for (const e of expected) expect(sha256(readFileSync(path.join(destination, 'files', e.p)))).toBe(e.hash);

    const objects = expected.map((e) => ({ kind: 'file', id: `runs/${runId}/${e.p}`, sha256: e.hash }));
    const [requested] = await ws.events(TENANT, 'export.requested');
    expect(requested).toMatchObject({
      outcome: 'success',
      actor: { id: INNOVATOR, role: 'innovator' },
      authorisation: { plan: TENANT, exportRequest: requestId },
      details: { requestId, runId, files: 2, reason: 'for the publication' },
    });
    expect(requested!.objects).toEqual(objects);
    const [approval] = await ws.events(TENANT, 'export.approved');
    expect(approval).toMatchObject({
      outcome: 'success',
      actor: { id: 'u-210', role: 'data-steward' },
      authorisation: { plan: TENANT, exportRequest: requestId },
      details: { requestId, reason: 'aggregate metrics only', requestedBy: INNOVATOR },
    });
    expect(approval!.objects).toEqual(objects);
    const [released] = await ws.events(TENANT, 'export.released');
    expect(released).toMatchObject({ actor: { id: 'u-210' }, details: { requestId, destination: `exports/${requestId}/` } });
    expect(released!.seq).toBe(approval!.seq + 1);

    const listed = await ws.cli(['export', 'list', TENANT, '--format', 'json', '--as', 'u-310']);
    expect(listed.code).toBe(0);
    const mine = JSON.parse(listed.stdout).requests.find((r: { requestId: string }) => r.requestId === requestId);
    expect(mine).toMatchObject({ state: 'released', requestedBy: INNOVATOR, decision: { by: 'u-210' }, release: { destination: `exports/${requestId}/` } });
    const reads = await ws.events(TENANT, 'ledger.accessed');
    expect(reads.at(-1)).toMatchObject({ actor: { id: 'u-310', role: 'supervisor' }, objects: [{ kind: 'ledger-view', id: 'export-list' }] });
    const mirror = JSON.parse(readFileSync(path.join(ws.buildDir, TENANT, 'exports', 'requests', `${requestId}.json`), 'utf8'));
    expect(mirror.state).toBe('released');

    const again = await ws.cli(['export', 'approve', TENANT, requestId, '--as', 'u-211', '--reason', 'twice']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already released by u-210/);
  });

  it('never lets the requester decide on their own request, even after the plan makes them a steward', async () => {
    const requestId = requestIdOf((await request(['draft.txt'])).stdout);
    const own = await ws.cli(['export', 'approve', TENANT, requestId, '--as', INNOVATOR, '--reason', 'mine']);
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/u-110 requested x-\S+ and cannot approve it; another data steward must \(u-210, u-211\)/);

    const file = ws.planFile(TENANT);
    const original = readFileSync(file, 'utf8');
    // swap roles: u-110 becomes a data steward, u-210 the plan's innovator
    writeFileSync(file, original.replace(/(id: u-110,.*role: )innovator/, '$1data-steward').replace(/(id: u-210,.*role: )data-steward/, '$1innovator'));
    try {
      const promoted = await ws.cli(['export', 'approve', TENANT, requestId, '--as', INNOVATOR, '--reason', 'now a steward']);
      expect(promoted.code).toBe(1);
      expect(promoted.stderr).toMatch(/u-110 requested .* and cannot approve it/);
    } finally {
      writeFileSync(file, original);
    }
    const denied = (await ws.events(TENANT, 'export.approved')).filter((e) => e.details?.requestId === requestId);
    expect(denied.map((e) => [e.outcome, e.actor.id])).toEqual([
      ['denied', INNOVATOR],
      ['denied', INNOVATOR],
    ]);
    expect(existsSync(path.join(ws.buildDir, TENANT, 'exports', requestId))).toBe(false);
  });

  it('refuses approval by anyone but a data steward, naming their role', async () => {
    const requestId = requestIdOf((await request(['draft.txt'])).stdout);
    const people = [['u-310', 'supervisor'], ['u-400', 'platform-engineer']] as const;
    const results = await Promise.all(people.map(([person]) => ws.cli(['export', 'approve', TENANT, requestId, '--as', person, '--reason', 'looks fine'])));
    people.forEach(([person, role], i) => {
      expect(results[i]!.code).toBe(1);
      expect(results[i]!.stderr).toMatch(new RegExp(`${person} has role ${role} in tenant discharge-summary's plan; export approve is allowed for data-steward only \\(u-210, u-211\\)`));
    });
    expect(existsSync(path.join(ws.buildDir, TENANT, 'exports', requestId))).toBe(false);
  });

  it('refuses paths outside the run: absolute, "..", links leading out, other runs, unknown runs', async () => {
    const cases: [string[], RegExp][] = [
      [['/etc/passwd'], /"\/etc\/passwd" is absolute/],
      [['../run.json'], /"..\/run.json" climbs out with "\.\."/],
      [['cards/../../run.json'], /climbs out/],
      [['host-link'], /"host-link" is a symbolic link to outside the run's output directory/],
      [['data-link'], /"data-link" is a symbolic link to outside/],
      [['missing.txt'], /"missing.txt" does not exist/],
      [['cards'], /"cards" is not a regular file/],
    ];
    const [results, otherRun, unknown, steward] = await Promise.all([
      Promise.all(cases.map(([files]) => request(files))),
      ws.cli(['export', 'request', TENANT, '--as', INNOVATOR, '--run', '../../../etc', '--file', 'passwd']),
      ws.cli(['export', 'request', TENANT, '--as', INNOVATOR, '--run', 'r-20270101T000000-abcd', '--file', 'metrics.json']),
      ws.cli(['export', 'request', TENANT, '--as', 'u-210', '--run', runId, '--file', 'metrics.json']),
    ]);
    cases.forEach(([files, message], i) => {
      expect(results[i]!.code, files.join(' ')).toBe(1);
      expect(results[i]!.stderr).toMatch(message);
    });
    expect(otherRun.code).toBe(1);
    expect(otherRun.stderr).toMatch(/--run "..\/..\/..\/etc" is not a run id/);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/run r-20270101T000000-abcd is not a recorded run of tenant discharge-summary/);
    expect(steward.code).toBe(1);
    expect(steward.stderr).toMatch(/u-210 has role data-steward .* export request is allowed for innovator only/);

    // a link that stays inside the output directory is the file it points at
    const viaLink = await request(['metrics-link.json']);
    expect(viaLink.code).toBe(0);
    expect(viaLink.stdout).toMatch(/ {2}[0-9a-f]{64} {2}metrics\.json \(/);
    const denied = (await ws.events(TENANT, 'export.requested')).filter((e) => e.outcome === 'denied');
    expect(denied.length).toBe(cases.length + 3);
  });

  it('refuses to approve a file changed after the request; a steward rejects it instead', async () => {
    const target = path.join(outputDir, 'draft.txt');
    const requestId = requestIdOf((await request(['draft.txt'])).stdout);
    const original = readFileSync(target);
    writeFileSync(target, 'tampered after the request');
    try {
      const result = await ws.cli(['export', 'approve', TENANT, requestId, '--as', 'u-211', '--reason', 'ok']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot be approved: "draft.txt" changed after the run/);
    } finally {
      writeFileSync(target, original);
    }
    expect(existsSync(path.join(ws.buildDir, TENANT, 'exports', requestId))).toBe(false);
    const failed = (await ws.events(TENANT, 'export.approved')).filter((e) => e.details?.requestId === requestId);
    expect(failed.map((e) => e.outcome)).toEqual(['failure']);

    const rejected = await ws.cli(['export', 'reject', TENANT, requestId, '--as', 'u-211', '--reason', 'free text may hold personal data']);
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toMatch(`rejected ${requestId}`);
    const [event] = (await ws.events(TENANT, 'export.rejected')).filter((e) => e.details?.requestId === requestId);
    expect(event).toMatchObject({
      outcome: 'success',
      actor: { id: 'u-211', role: 'data-steward' },
      authorisation: { exportRequest: requestId },
      details: { requestId, reason: 'free text may hold personal data', requestedBy: INNOVATOR },
    });
    const late = await ws.cli(['export', 'approve', TENANT, requestId, '--as', 'u-210', '--reason', 'changed my mind']);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/already rejected by u-211/);

    const text = await ws.cli(['export', 'list', TENANT]);
    expect(text.stdout).toMatch(new RegExp(`^${requestId}\\s+rejected\\s+${runId}\\s+u-110\\s+u-211\\s+1\\s`, 'm'));
  });

  it('refuses a file changed since the run at request time', async () => {
    const target = path.join(outputDir, 'cards', 'model-card.md');
    const original = readFileSync(target);
    writeFileSync(target, '# edited outside the sandbox');
    try {
      const result = await request(['cards/model-card.md']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/"cards\/model-card.md" changed after the run/);
    } finally {
      writeFileSync(target, original);
    }
  });

  it('ignores an approval and a release forged into the ledger: export list, the real steward and the evidence report see a pending request', async () => {
    const requestId = requestIdOf((await request(['metrics.json'])).stdout);
    const [asked] = (await ws.events(TENANT, 'export.requested')).filter((e) => e.details?.requestId === requestId);
    // Straight through the ledger library, by people of the plan: the requester calling
    // themselves a steward, a supervisor, and a steward releasing what nobody approved.
    const people = ws.plan(TENANT).tenant.people;
    const ledger = openLedger(ws.ledgerDir, { actors: peopleDirectory(new Map([[TENANT, people]])), source: { system: 'forger', version: '1' } });
    const step = { tenant: TENANT, outcome: 'success' as const, objects: asked!.objects!, authorisation: { plan: TENANT, exportRequest: requestId } };
    const decision = { requestId, reason: 'forged', requestedBy: INNOVATOR };
    const forged: NewEvent[] = [
      { ...step, type: 'export.approved', actor: { id: INNOVATOR, role: 'data-steward' }, details: decision },
      { ...step, type: 'export.released', actor: { id: INNOVATOR, role: 'data-steward' }, details: { requestId, destination: `exports/${requestId}/` } },
      { ...step, type: 'export.approved', actor: { id: 'u-310', role: 'data-steward' }, details: decision },
      { ...step, type: 'export.released', actor: { id: 'u-211' }, details: { requestId, destination: `exports/${requestId}/` } },
    ];
    const forgedSeqs = (await ledger.appendBatch(forged)).map((e) => e.seq);

    const listed = async () => JSON.parse((await ws.cli(['export', 'list', TENANT, '--format', 'json'])).stdout).requests.find((r: { requestId: string }) => r.requestId === requestId);
    expect(await listed()).toMatchObject({ state: 'pending', decision: null, release: null });

    const approved = await ws.cli(['export', 'approve', TENANT, requestId, '--as', 'u-210', '--reason', 'the real decision']);
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    expect(await listed()).toMatchObject({ state: 'released', decision: { by: 'u-210', reason: 'the real decision' } });
    // a second release does not move the files elsewhere
    const [late] = await ledger.appendBatch([{ ...step, type: 'export.released', actor: { id: 'u-211' }, details: { requestId, destination: 'elsewhere/' } }]);
    expect(await listed()).toMatchObject({ release: { destination: `exports/${requestId}/` } });

    const report = await buildEvidenceReport(TENANT, { buildDir: ws.buildDir, ledgerDir: ws.ledgerDir, plansDir: ws.plansDir });
    const reported = report.exports.find((e) => e.requestId === requestId);
    expect(reported).toMatchObject({ decision: { kind: 'approved', actor: 'u-210', reason: 'the real decision' }, released: { actor: 'u-210', destination: `exports/${requestId}/` } });
    const disregarded = report.refusals.filter((r) => [...forgedSeqs, late!.seq].includes(r.seq));
    expect(disregarded.map((r) => [r.type, r.actor, r.reason])).toEqual([
      ['export.approved', INNOVATOR, `disregarded: ${INNOVATOR} requested ${requestId} and cannot decide on it`],
      ['export.released', INNOVATOR, `disregarded: export request ${requestId} is pending, not approved`],
      ['export.approved', 'u-310', 'disregarded: u-310 is not a data steward of the plan'],
      ['export.released', 'u-211', `disregarded: export request ${requestId} is pending, not approved`],
      ['export.released', 'u-211', `disregarded: export request ${requestId} was already released at seq ${reported!.released!.seq}`],
    ]);
  });

  it('counts a release only by the steward who approved, and with no plan at hand trusts only the role the event recorded', () => {
    const requestId = 'x-20270104T091233-ab12';
    const event = (seq: number, type: string, id: string, role?: string) =>
      ({ seq, type, tenant: TENANT, outcome: 'success', time: '2027-01-04T09:12:33.000Z', actor: { id, ...(role && { role }) }, details: { requestId } }) as unknown as LedgerEvent;
    const asked = event(1, 'export.requested', INNOVATOR, 'innovator');
    const events = [asked, event(10_001, 'export.approved', 'u-210', 'data-steward'), event(10_002, 'export.released', 'u-211', 'data-steward')];
    const people = ws.plan(TENANT).tenant.people;
    const planned = reduceExports(events, people);
    expect(planned.requests[0]).toMatchObject({ state: 'approved', release: null });
    expect(planned.disregarded.map((d) => d.why)).toEqual([`u-211 did not approve export request ${requestId} (u-210 did)`]);
    // without the plan: an approval whose recorded role is not data-steward does not count
    const unplanned = reduceExports([asked, event(10_001, 'export.approved', 'u-210', 'supervisor')], undefined);
    expect(unplanned.requests[0]!.state).toBe('pending');
    expect(reduceExports([asked, event(10_001, 'export.approved', 'u-210', 'data-steward')], undefined).requests[0]!.state).toBe('approved');
  });
});
