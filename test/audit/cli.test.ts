import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LEDGER_DIR_ENV, openLedger, queryEvents } from '../../audit/index.ts';
import { CliError } from '../../bin/cli-error.ts';
import { registerLedgerCommands } from '../../bin/commands/ledger.ts';
import { readLines, segmentFiles, tempDirs, writeLines } from './helpers.ts';

const temp = tempDirs();
let stdout = '';

beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env[LEDGER_DIR_ENV];
});

/** Runs `sandbox ledger …` as bin/sandbox.ts would; returns stdout, or the CliError it threw. */
async function sandbox(...args: string[]): Promise<{ out: string; error?: CliError }> {
  const program = new Command('sandbox').version('0.1.0').exitOverride();
  registerLedgerCommands(program);
  stdout = '';
  try {
    await program.parseAsync(['node', 'sandbox', 'ledger', ...args]);
    return { out: stdout };
  } catch (error) {
    if (error instanceof CliError) return { out: stdout, error };
    throw error;
  }
}

async function ledgerWithEvents(): Promise<string> {
  const dir = temp();
  for (const actor of ['u-100', 'u-101', 'svc:ci']) {
    await sandbox('append', '--dir', dir, '--tenant', 'diabetes-risk', '--type', 'tenant.deployed', '--actor', actor, '--time', '2027-01-05T10:00:00.000Z');
  }
  return dir;
}

describe('sandbox ledger append', () => {
  it('prints the new seq and records the actor with the role from the plan', async () => {
    const dir = temp();
    const first = await sandbox('append', '--dir', dir, '--tenant', 'diabetes-risk', '--type', 'tenant.deployed', '--actor', 'u-200',
      '--detail', 'patients=20000', '--detail', 'profile=diabetes-cohort-nl', '--object', `dataset:diabetes-cohort-nl@7:${'a'.repeat(64)}`, '--on-behalf-of', 'u-100');
    expect(first).toEqual({ out: '0\n' });
    expect((await sandbox('append', '--dir', dir, '--tenant', 'platform', '--type', 'tenant.deployed', '--actor', 'svc:ci')).out).toBe('1\n');

    const [event] = (await queryEvents(dir, { limit: 1 })).events;
    expect(event).toMatchObject({
      tenant: 'diabetes-risk',
      actor: { id: 'u-200', role: 'data-steward', onBehalfOf: 'u-100', accessPoint: expect.stringMatching(/^cli@/) },
      source: { system: 'sandbox-cli', version: '0.1.0' },
      objects: [{ kind: 'dataset', id: 'diabetes-cohort-nl@7', sha256: 'a'.repeat(64) }],
      details: { patients: '20000', profile: 'diabetes-cohort-nl' },
    });
  });

  it('exits 1 naming the rule for an actor outside the plan, an unknown tenant or a bad field', async () => {
    const dir = temp();
    const stranger = await sandbox('append', '--dir', dir, '--tenant', 'diabetes-risk', '--type', 'tenant.deployed', '--actor', 'u-999');
    expect(stranger.error?.exitCode).toBe(1);
    expect(stranger.error?.message).toMatch(/actor "u-999" is neither a person of tenant "diabetes-risk"'s plan/);

    const unknown = await sandbox('append', '--dir', dir, '--tenant', 'no-such-tenant', '--type', 'tenant.deployed', '--actor', 'svc:ci');
    expect(unknown.error?.message).toMatch(/tenant "no-such-tenant" has no valid plan/);

    const badType = await sandbox('append', '--dir', dir, '--tenant', 'platform', '--type', 'tenant.teleported', '--actor', 'svc:ci');
    expect(badType.error?.exitCode).toBe(1);
    expect(badType.error?.message).toMatch(/type: unknown event type "tenant.teleported"/);
  });
});

describe('sandbox ledger append: workflow state comes only from the workflows', () => {
  it('refuses the types a workflow or the pipeline records, naming the command that does, and appends nothing', async () => {
    const dir = temp();
    const cases: [string, RegExp][] = [
      ['export.approved', /export.approved events are recorded only by `sandbox export approve`/],
      ['export.released', /export.released events are recorded only by `sandbox export approve`/],
      ['export.requested', /`sandbox export request`/],
      ['model.run.finished', /`sandbox run`/],
      ['tenant.exited', /`sandbox exit`/],
      ['tenant.suspended', /`sandbox suspend`/],
      ['tenant.admitted', /`sandbox up`/],
      ['dataset.deleted', /`sandbox exit`/],
      ['dataset.generated', /`sandbox data generate --tenant`/],
      ['waiver.granted', /waivers file/],
      ['ledger.checkpoint', /the ledger itself/],
      ['ledger.accessed', /every read/],
    ];
    for (const [type, message] of cases) {
      const refused = await sandbox('append', '--dir', dir, '--tenant', 'diabetes-risk', '--type', type, '--actor', 'u-200', '--detail', 'requestId=x-20270104T091233-ab12');
      expect(refused.error?.exitCode, type).toBe(1);
      expect(refused.error?.message, type).toMatch(message);
      expect(refused.error?.message, type).toMatch(/a script cannot append them/);
    }
    expect(existsSync(dir)).toBe(false);
    // what deploy scripts record is still open to them
    expect((await sandbox('append', '--dir', dir, '--tenant', 'diabetes-risk', '--type', 'tenant.deployed', '--actor', 'svc:ci')).out).toBe('0\n');
    // a name that only looks like an owned one is an unknown type, as before
    expect((await sandbox('append', '--dir', dir, '--tenant', 'platform', '--type', 'constructor', '--actor', 'svc:ci')).error?.message).toMatch(/unknown event type "constructor"/);
  });
});

describe('sandbox ledger verify', () => {
  it('exits 0 on an intact ledger, with a JSON form for scripts', async () => {
    const dir = await ledgerWithEvents();
    const text = await sandbox('verify', '--dir', dir);
    expect(text.error).toBeUndefined();
    expect(text.out).toMatch(/^ledger intact: 3 events in 1 segment\(s\)/);
    const json = await sandbox('verify', '--dir', dir, '--format', 'json');
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, events: 3, head: { seq: 2 } });
  });

  it('prints the head as an anchor, and with --expect-head exits 1 "head rolled back" when the ledger no longer reaches it', async () => {
    const dir = temp();
    const append = (actor: string) => sandbox('append', '--dir', dir, '--tenant', 'diabetes-risk', '--type', 'tenant.deployed', '--actor', actor);
    await append('u-100');
    await append('u-101');
    // what someone rolling the ledger back keeps: the signed head and the segment at seq 1
    const oldHead = readFileSync(path.join(dir, 'head.json'));
    const [segment] = segmentFiles(dir);
    const oldBytes = statSync(segment!).size;
    await append('u-200');

    const head = /^head (\d+):([0-9a-f]{64}) /m.exec((await sandbox('verify', '--dir', dir)).out);
    expect(head?.[1]).toBe('2');
    const anchor = `${head![1]}:${head![2]}`;
    expect((await sandbox('verify', '--dir', dir, '--expect-head', anchor)).out).toContain(`it reaches the anchor ${anchor} (not rolled back)`);

    writeFileSync(path.join(dir, 'head.json'), oldHead);
    truncateSync(segment!, oldBytes);
    expect((await sandbox('verify', '--dir', dir)).error).toBeUndefined();
    const { error } = await sandbox('verify', '--dir', dir, '--expect-head', anchor);
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toMatch(/\(rollback\).*head rolled back: the ledger ends at seq 1, but an anchor held elsewhere says it reached seq 2/);

    const malformed = await sandbox('verify', '--dir', dir, '--expect-head', '2:abc');
    expect(malformed.error?.exitCode).toBe(1);
    expect(malformed.error?.message).toMatch(/--expect-head must be <seq>:<sha256 hex>/);
  });

  it('reads the directory from SANDBOX_LEDGER_DIR', async () => {
    const dir = await ledgerWithEvents();
    process.env[LEDGER_DIR_ENV] = dir;
    expect((await sandbox('verify')).out).toMatch(/^ledger intact: 3 events/);
  });

  it('exits 1 naming the first bad seq and the problem', async () => {
    const dir = await ledgerWithEvents();
    const [file] = segmentFiles(dir);
    const lines = readLines(file!);
    lines[1] = lines[1]!.replace('"outcome":"success"', '"outcome":"failure"');
    writeLines(file!, lines);
    const { error } = await sandbox('verify', '--dir', dir);
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toMatch(/^ledger TAMPERED: first bad event is seq 1 \(hash\) in 000000000000\.jsonl line 2: /);
  });

  it('exits 1 when the published key is not the one that signed, and 2 when the ledger cannot be read', async () => {
    const dir = await ledgerWithEvents();
    const keys = temp('keys');
    mkdirSync(keys);
    writeFileSync(path.join(keys, 'published.pub'), generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const foreign = await sandbox('verify', '--dir', dir, '--pub', path.join(keys, 'published.pub'));
    expect(foreign.error?.exitCode).toBe(1);
    expect(foreign.error?.message).toMatch(/\(signature\)/);

    const missing = await sandbox('verify', '--dir', path.join(keys, 'nothing-here'));
    expect(missing.error?.exitCode).toBe(2);
  });
});

describe('sandbox ledger show', () => {
  it('prints { "events": [...] } and records the read as ledger.accessed by the reader', async () => {
    const dir = await ledgerWithEvents();
    const { out } = await sandbox('show', '--dir', dir, '--tenant', 'diabetes-risk', '--format', 'json', '--as', 'u-300', '--limit', '2');
    const shown = JSON.parse(out) as { events: { seq: number }[] };
    expect(shown.events.map((e) => e.seq)).toEqual([0, 1]);

    const access = (await queryEvents(dir, { type: 'ledger.accessed' })).events;
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      tenant: 'diabetes-risk',
      actor: { id: 'u-300', role: 'supervisor' },
      details: { filter: { tenant: 'diabetes-risk' }, offset: 0, returned: 2 },
    });
  });

  it('prints one line per event in text form, and logs platform-wide reads for the CLI identity', async () => {
    const dir = await ledgerWithEvents();
    const { out } = await sandbox('show', '--dir', dir, '--reverse');
    expect(out.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^2\t2027-01-05T10:00:00.000Z\tdiabetes-risk\ttenant.deployed\tsuccess\tsvc:ci$/),
      expect.stringMatching(/^1\t.*\tu-101$/),
      expect.stringMatching(/^0\t.*\tu-100$/),
    ]);
    expect((await queryEvents(dir, { type: 'ledger.accessed' })).events[0]).toMatchObject({ tenant: 'platform', actor: { id: 'svc:sandbox-cli' } });
  });

  it('pages through more events than fit one page, newest first, each exactly once', async () => {
    const dir = temp();
    const ledger = openLedger(dir, { source: { system: 'test', version: '1' }, checkpointInterval: 10_000 });
    await ledger.appendBatch(Array.from({ length: 1203 }, (_, i) => ({ tenant: 'platform', type: 'model.run.finished' as const, outcome: 'success' as const, actor: { id: 'svc:ci' }, details: { i } })));
    const { out } = await sandbox('show', '--dir', dir, '--reverse', '--offset', '1', '--format', 'json');
    const seqs = (JSON.parse(out) as { events: { seq: number }[] }).events.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 1202 }, (_, i) => 1201 - i));
  });

  it('will not let a person read outside a tenant, and logs nothing then', async () => {
    const dir = await ledgerWithEvents();
    const { error, out } = await sandbox('show', '--dir', dir, '--as', 'u-300');
    expect(error?.message).toBe("--as u-300 needs --tenant: a person reads a tenant's events under that tenant's plan");
    expect(out).toBe('');
    expect((await queryEvents(dir, { type: 'ledger.accessed' })).total).toBe(0);
  });
});

describe('sandbox ledger seal', () => {
  it('seals the segment and prints the upload commands', async () => {
    const dir = await ledgerWithEvents();
    const { out } = await sandbox('seal', '--dir', dir);
    expect(out).toMatch(/^sealed segments\/000000000000\.jsonl: seq 0\.\.3, \d+ bytes, sha256 [0-9a-f]{64}\n/);
    expect(out).toContain(`aws s3 cp ${path.join(dir, 'segments', '000000000000.jsonl')} s3://<log-store>/ledger/segments/000000000000.jsonl`);
    expect((await sandbox('seal', '--dir', dir)).out).toMatch(/^nothing appended since the last seal/);
    expect((await sandbox('verify', '--dir', dir)).error).toBeUndefined();
  });
});
