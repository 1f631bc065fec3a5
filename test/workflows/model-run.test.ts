import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createSocket, type Socket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestSha256 } from '../../synthetic/index.ts';
import { setPlanStatus } from '../../tenancy/plan-status-edit.ts';
import type { RunRecord } from '../../workflows/index.ts';
import { createWorkspace, runIdOf, type Workspace } from './workspace.ts';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const TENANT = 'diabetes-risk';
const INNOVATOR = 'u-100';

/** A node one-liner run inside the sandbox; it writes what it saw to $SANDBOX_OUTPUT_DIR/<file>. */
function nodeScript(body: string): string[] {
  return [process.execPath, '-e', body];
}

/** A DNS server in miniature: answers every A query with 192.0.2.1, so the host side can resolve. */
function dnsAnswer(query: Buffer): Buffer {
  const questionEnd = query.indexOf(0, 12) + 5;
  const header = Buffer.from(query.subarray(0, 12));
  header.writeUInt16BE(0x8180, 2);
  header.writeUInt16BE(1, 6);
  const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
  return Buffer.concat([header, query.subarray(12, questionEnd), answer]);
}

let ws: Workspace;
let server: Server;
let udp: Socket;
let tcpPort: number;
let udpPort: number;

beforeAll(async () => {
  ws = await createWorkspace([TENANT, 'triage-assist']);
  server = createServer((_req, res) => res.end('host says hi'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tcpPort = (server.address() as AddressInfo).port;
  udp = createSocket('udp4');
  udp.on('message', (query, peer) => udp.send(dnsAnswer(query), peer.port, peer.address));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  udpPort = udp.address().port;
});

afterAll(async () => {
  ws.dispose();
  udp.close();
  await new Promise((resolve) => server.close(resolve));
});

function readRun(runId: string): RunRecord {
  return JSON.parse(readFileSync(path.join(ws.buildDir, TENANT, 'runs', runId, 'run.json'), 'utf8')) as RunRecord;
}

describe('sandbox run', () => {
  it('runs the command on the datasets, records outputs with their hashes in run.json and the ledger', async () => {
    const model = path.join(ws.root, 'model.bin');
    writeFileSync(model, 'weights v1');
    const result = await ws.cli(
      [
        'run', TENANT, '--as', INNOVATOR, '--model', model, '--',
        ...nodeScript(`
          const fs = require('fs'), path = require('path');
          const data = process.env.SANDBOX_DATA_DIR, out = process.env.SANDBOX_OUTPUT_DIR;
          const patients = fs.readFileSync(path.join(data, 'diabetes-cohort-nl', 'Patient.ndjson'), 'utf8').trim().split('\\n').length;
          fs.writeFileSync(path.join(out, 'metrics.json'), JSON.stringify({ patients }));
          fs.mkdirSync(path.join(out, 'plots'));
          fs.writeFileSync(path.join(out, 'plots', 'roc.csv'), 'fpr,tpr\\n0,0\\n1,1\\n');
          fs.writeFileSync('scratch.txt', 'in the working directory');
          console.log('cwd=' + process.cwd() + ' home=' + process.env.HOME + ' model=' + process.env.SANDBOX_MODEL);
        `),
      ],
    );
    expect(result.stderr).toMatch(/sandbox run r-\d{8}T\d{6}-[0-9a-f]{4}: exit 0/);
    expect(result.code).toBe(0);
    const runId = runIdOf(result);
    const runDir = path.join(ws.buildDir, TENANT, 'runs', runId);
    // its own working directory, which is also HOME, outside the build directory and removed afterwards
    const cwd = /cwd=(\S+) home=(\S+) model=(\S+)/.exec(result.stdout)!;
    expect(cwd[1]).toBe(cwd[2]);
    expect(cwd[1]!.startsWith(ws.buildDir)).toBe(false);
    expect(existsSync(cwd[1]!)).toBe(false);
    expect(cwd[3]).toBe(model);

    const outputDir = path.join(runDir, 'output');
    expect(JSON.parse(readFileSync(path.join(outputDir, 'metrics.json'), 'utf8'))).toEqual({ patients: 40 });
    const record = readRun(runId);
    const expectedOutputs = ['metrics.json', 'plots/roc.csv'].map((p) => ({ path: p, sha256: sha256(readFileSync(path.join(outputDir, p))) }));
    expect(record.outputs.map(({ path: p, sha256: h }) => ({ path: p, sha256: h }))).toEqual(expectedOutputs);
    const listing = expectedOutputs.map((o) => `${o.sha256}  ${o.path}\n`).join('');
    expect(record.outputsSha256).toBe(sha256(listing));
    const datasetHash = await manifestSha256(path.join(ws.buildDir, TENANT, 'data', 'diabetes-cohort-nl'));
    expect(record.datasetSha256).toBe(datasetHash);
    expect(record.model).toEqual({ reference: model, digest: `sha256:${sha256('weights v1')}` });
    expect(record.exitCode).toBe(0);
    expect(record.network).toBe('none');

    const started = (await ws.events(TENANT, 'model.run.started')).find((e) => e.details?.runId === runId)!;
    const finished = (await ws.events(TENANT, 'model.run.finished')).find((e) => e.details?.runId === runId)!;
    expect(record.ledger).toMatchObject({ startedSeq: started.seq, startedHash: started.hash, finishedSeq: finished.seq, finishedHash: finished.hash });
    expect(started).toMatchObject({
      outcome: 'success',
      actor: { id: INNOVATOR, role: 'innovator' },
      authorisation: { plan: TENANT },
      ai: { datasetSha256: datasetHash, modelDigest: `sha256:${sha256('weights v1')}` },
      details: { runId, network: 'none' },
    });
    // the words exactly as run.json has them, and once more quoted for a shell to read
    expect(started.details?.argv).toEqual(record.command);
    expect(started.details?.command).toBe(`${process.execPath} -e '${record.command[2]!.replaceAll("'", `'\\''`)}'`);
    expect(started.objects).toEqual([
      { kind: 'run', id: runId },
      { kind: 'dataset', id: 'diabetes-cohort-nl@7', sha256: datasetHash, classification: 'synthetic' },
    ]);
    expect(finished).toMatchObject({
      outcome: 'success',
      ai: { outputsSha256: record.outputsSha256, datasetSha256: datasetHash, modelDigest: `sha256:${sha256('weights v1')}` },
      details: { runId, exitCode: 0, outputs: 2, durationMs: record.durationMs },
    });
    expect(finished.objects).toEqual([{ kind: 'run', id: runId }, ...expectedOutputs.map((o) => ({ kind: 'output', id: o.path, sha256: o.sha256 }))]);
  });

  it("exits with the command's exit code and records the run as a failure", async () => {
    const result = await ws.cli(['run', TENANT, '--as', INNOVATOR, '--', 'sh', '-c', 'echo partial > "$SANDBOX_OUTPUT_DIR/partial.txt"; exit 3']);
    expect(result.code).toBe(3);
    const runId = runIdOf(result);
    const finished = (await ws.events(TENANT, 'model.run.finished')).find((e) => e.details?.runId === runId)!;
    expect(finished.outcome).toBe('failure');
    expect(finished.details).toMatchObject({ exitCode: 3, outputs: 1 });
    expect(readRun(runId).exitCode).toBe(3);
  });

  it('has no network: the host loopback (TCP and UDP) and DNS fail inside, while the host server answers the test', async () => {
    const fromHost = await fetch(`http://127.0.0.1:${tcpPort}/`);
    expect(await fromHost.text()).toBe('host says hi');
    const hostResolver = new Resolver({ timeout: 2000, tries: 1 });
    hostResolver.setServers([`127.0.0.1:${udpPort}`]);
    expect(await hostResolver.resolve4('example.org')).toEqual(['192.0.2.1']);

    const result = await ws.cli([
      'run', TENANT, '--as', INNOVATOR, '--',
      ...nodeScript(`
        const fs = require('fs'), net = require('net'), dgram = require('dgram'), dns = require('dns');
        const { execFileSync } = require('child_process');
        const seen = {};
        const done = () => { if (Object.keys(seen).length === 4) fs.writeFileSync(process.env.SANDBOX_OUTPUT_DIR + '/net.json', JSON.stringify(seen)); };
        const tcp = net.connect(${tcpPort}, '127.0.0.1');
        tcp.on('connect', () => { seen.tcp = 'connected'; tcp.destroy(); done(); });
        tcp.on('error', (e) => { seen.tcp = e.code; done(); });
        const u = dgram.createSocket('udp4');
        u.send('ping', ${udpPort}, '127.0.0.1', (e) => { seen.udp = e ? e.code : 'sent'; u.close(); done(); });
        const resolver = new dns.Resolver({ timeout: 500, tries: 1 });
        resolver.setServers(['127.0.0.1:${udpPort}']);
        resolver.resolve4('example.org', (e) => { seen.dns = e ? e.code : 'resolved'; done(); });
        try { execFileSync('getent', ['hosts', 'example.org'], { stdio: 'ignore' }); seen.getent = 'resolved'; }
        catch (e) { seen.getent = 'exit ' + e.status; }
        done();
      `),
    ]);
    expect(result.code).toBe(0);
    const seen = JSON.parse(readFileSync(path.join(ws.buildDir, TENANT, 'runs', runIdOf(result), 'output', 'net.json'), 'utf8'));
    expect(seen.tcp).toMatch(/^(ENETUNREACH|ECONNREFUSED|EHOSTUNREACH|EADDRNOTAVAIL)$/);
    expect(seen.udp).not.toBe('sent');
    expect(seen.dns).toMatch(/^(ECONNREFUSED|ETIMEOUT)$/);
    expect(seen.getent).not.toBe('resolved');
  });

  it('mounts the datasets read-only, hides other tenants and the ledger, and lets nothing out but the output directory', async () => {
    const dataDir = path.join(ws.buildDir, TENANT, 'data', 'diabetes-cohort-nl');
    const before = await manifestSha256(dataDir);
    const result = await ws.cli([
      'run', TENANT, '--as', INNOVATOR, '--',
      ...nodeScript(`
        const fs = require('fs'), path = require('path');
        const data = process.env.SANDBOX_DATA_DIR, seen = {};
        const attempt = (name, f) => { try { f(); seen[name] = 'written'; } catch (e) { seen[name] = e.code; } };
        attempt('newFile', () => fs.writeFileSync(path.join(data, 'diabetes-cohort-nl', 'injected.ndjson'), '{}'));
        attempt('manifest', () => fs.appendFileSync(path.join(data, 'diabetes-cohort-nl', 'manifest.json'), ' '));
        attempt('dataRoot', () => fs.writeFileSync(path.join(data, 'x'), ''));
        attempt('delete', () => fs.unlinkSync(path.join(data, 'diabetes-cohort-nl', 'Patient.ndjson')));
        attempt('host', () => fs.writeFileSync(${JSON.stringify(path.join(ws.root, 'leaked.csv'))}, 'bypassing the airlock'));
        seen.build = fs.readdirSync(${JSON.stringify(ws.buildDir)}).sort();
        seen.ledger = fs.existsSync(${JSON.stringify(ws.ledgerDir)}) ? fs.readdirSync(${JSON.stringify(ws.ledgerDir)}) : 'missing';
        fs.writeFileSync(path.join(process.env.SANDBOX_OUTPUT_DIR, 'fs.json'), JSON.stringify(seen));
      `),
    ]);
    expect(result.code).toBe(0);
    const seen = JSON.parse(readFileSync(path.join(ws.buildDir, TENANT, 'runs', runIdOf(result), 'output', 'fs.json'), 'utf8'));
    expect(seen).toMatchObject({ newFile: 'EROFS', manifest: 'EROFS', dataRoot: 'EROFS', delete: 'EROFS', host: 'EROFS' });
    // triage-assist's datasets sit beside ours on the host, but not inside the sandbox
    expect(seen.build).toEqual([TENANT]);
    // covered by its own tmpfs, or by the one over the temporary directory it lies in
    expect(['missing', []]).toContainEqual(seen.ledger);
    expect(await manifestSha256(dataDir)).toBe(before);
    expect(existsSync(path.join(dataDir, 'injected.ndjson'))).toBe(false);
  });

  it('refuses a person who is not an innovator, naming their role, and records the attempt', async () => {
    const steward = await ws.cli(['run', TENANT, '--as', 'u-200', '--', 'true']);
    expect(steward.code).toBe(1);
    expect(steward.stderr).toMatch(/u-200 has role data-steward in tenant diabetes-risk's plan; run is allowed for innovator only \(u-100, u-101\)/);
    const stranger = await ws.cli(['run', TENANT, '--as', 'u-999', '--', 'true']);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/u-999 is not a person of tenant diabetes-risk's plan/);
    const denied = (await ws.events(TENANT, 'model.run.started')).filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => e.actor.id)).toEqual(['u-200', 'svc:sandbox-cli']);
    expect(denied[0]!.actor.role).toBe('data-steward');
    expect(denied[1]!.details).toMatchObject({ requestedAs: 'u-999', command: 'true' });
  });

  it('refuses to run when the kernel cannot build the sandbox, and never runs the command with network', async () => {
    const marker = path.join(ws.root, 'ran-anyway');
    const stubs = path.join(ws.root, 'stubs');
    mkdirSync(path.join(stubs, 'failing'), { recursive: true });
    mkdirSync(path.join(stubs, 'no-net'), { recursive: true });
    // an unshare that is refused by the kernel, and one that "forgets" the network namespace
    writeFileSync(path.join(stubs, 'failing', 'unshare'), '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n');
    const real = ['/usr/bin/unshare', '/bin/unshare'].find((p) => existsSync(p))!;
    writeFileSync(path.join(stubs, 'no-net', 'unshare'), `#!/bin/sh\nfor a; do shift; [ "$a" = --net ] || set -- "$@" "$a"; done\nexec ${real} "$@"\n`);
    for (const kind of ['failing', 'no-net']) chmodSync(path.join(stubs, kind, 'unshare'), 0o755);

    const before = (await ws.events(TENANT, 'model.run.started')).length;
    for (const kind of ['failing', 'no-net']) {
      const result = await ws.cli(['run', TENANT, '--as', INNOVATOR, '--', 'touch', marker], { PATH: `${path.join(stubs, kind)}:${process.env.PATH}` });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/model run refused: the network-isolated sandbox could not be set up, so the command was not run/);
      expect(result.stderr).toMatch(kind === 'failing' ? /Operation not permitted/ : /share the host's network namespace/);
    }
    expect(existsSync(marker)).toBe(false);
    const runs = readdirSync(path.join(ws.buildDir, TENANT, 'runs')).map((id) => readRun(id).command.join(' '));
    expect(runs.filter((c) => c.includes(marker))).toEqual([]);
    const attempts = (await ws.events(TENANT, 'model.run.started')).slice(before);
    expect(attempts.map((e) => [e.outcome, e.details?.network])).toEqual([
      ['denied', 'unavailable'],
      ['denied', 'unavailable'],
    ]);
  });

  it('refuses a suspended tenant and an exited one', async () => {
    const file = ws.planFile(TENANT);
    try {
      for (const status of ['suspended', 'exited'] as const) {
        setPlanStatus(file, status);
        const result = await ws.cli(['run', TENANT, '--as', INNOVATOR, '--', 'true']);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(new RegExp(`tenant diabetes-risk refuses model runs: it ${status === 'suspended' ? 'is suspended' : 'has exited'}`));
      }
    } finally {
      setPlanStatus(file, 'active');
    }
    const denied = (await ws.events(TENANT, 'model.run.started')).filter((e) => e.outcome === 'denied' && /refuses model runs/.test(String(e.details?.reason)));
    expect(denied).toHaveLength(2);
  });

  it('refuses before anything runs when the datasets were not generated', async () => {
    const dataDir = path.join(ws.buildDir, 'triage-assist', 'data');
    renameSync(dataDir, `${dataDir}.away`);
    try {
      const result = await ws.cli(['run', 'triage-assist', '--as', 'u-120', '--', 'true']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/tenant triage-assist cannot run models yet: dataset ed-triage-nl has not been generated in .* \(run `sandbox up`\)/);
    } finally {
      renameSync(`${dataDir}.away`, dataDir);
    }
    expect(await ws.events('triage-assist', 'model.run.started')).toEqual([]);
    expect(existsSync(path.join(ws.buildDir, 'triage-assist', 'runs'))).toBe(false);
  });

  it('refuses to run on a dataset whose bytes changed since it was generated, even when the size is the same', async () => {
    const file = path.join(ws.buildDir, TENANT, 'data', 'diabetes-cohort-nl', 'Patient.ndjson');
    const original = readFileSync(file);
    const flipped = Buffer.from(original);
    // a digit of the first record's birth date, say: same size, other data
    const at = flipped.indexOf('"birthDate":"') + '"birthDate":"'.length + 3;
    flipped[at] = flipped[at] === 0x30 ? 0x31 : 0x30;
    writeFileSync(file, flipped);
    const before = (await ws.events(TENANT, 'model.run.started')).length;
    try {
      const result = await ws.cli(['run', TENANT, '--as', INNOVATOR, '--', 'true']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/dataset diabetes-cohort-nl changed on disk since it was generated; run `sandbox up` to regenerate/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      writeFileSync(file, original);
    }
    expect(await ws.events(TENANT, 'model.run.started')).toHaveLength(before);
  });

  it('finds a plan written as <id>.yml, and names the file, field and rule of an invalid one', async () => {
    const yaml = ws.planFile('triage-assist');
    const yml = yaml.replace(/\.yaml$/, '.yml');
    const text = readFileSync(yaml, 'utf8');
    renameSync(yaml, yml);
    try {
      writeFileSync(yml, text.replace(/region: eu-[a-z]+-\d/, 'region: us-east-1'));
      const invalid = await ws.cli(['run', 'triage-assist', '--as', 'u-120', '--', 'true']);
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toMatch(/tenant triage-assist: no valid plan in /);
      expect(invalid.stderr).toMatch(/triage-assist\.yml(:\d+)?: spec\.region: .*\[/);
      expect(invalid.stderr).not.toMatch(/triage-assist\.yaml/);
      writeFileSync(yml, text);
      const valid = await ws.cli(['run', 'triage-assist', '--as', 'u-120', '--', 'true']);
      expect(valid.stderr).toMatch(/sandbox run r-\S+: exit 0/);
    } finally {
      renameSync(yml, yaml);
      writeFileSync(yaml, text);
    }
    const missing = await ws.cli(['run', 'no-such-tenant', '--as', 'u-120', '--', 'true']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/has no plan for tenant "no-such-tenant"/);
  });
});
