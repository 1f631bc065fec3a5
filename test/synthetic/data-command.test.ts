import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../bin/cli-error.ts';
import { registerDataCommands } from '../../bin/commands/data.ts';
import { findPlan } from '../../tenancy/index.ts';
import { freshDir, readNdjson } from './helpers.ts';

const root = freshDir('cli');
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs `sandbox data …` as bin/sandbox.ts would, returning what it printed or the CliError it raised. */
async function run(...args: string[]): Promise<{ out: string; error?: CliError }> {
  const program = new Command('sandbox').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerDataCommands(program);
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'sandbox', 'data', ...args]);
    return { out };
  } catch (error) {
    if (error instanceof CliError) return { out, error };
    throw error;
  } finally {
    vi.restoreAllMocks();
  }
}

/** Nothing at the target and no temporary sibling left behind. */
function expectNothingWritten(target: string): void {
  expect(existsSync(target)).toBe(false);
  const parent = path.dirname(target);
  if (existsSync(parent)) expect(readdirSync(parent).filter((f) => f.includes(path.basename(target)))).toEqual([]);
}

const generate = (out: string, ...extra: string[]): Promise<{ out: string; error?: CliError }> =>
  run('generate', '--profile', 'ed-triage-nl', '--patients', '20', '--seed', '9', '--out', out, ...extra);

describe('sandbox data generate', () => {
  it('writes the dataset and reports the manifest hash; a second run is a cache hit', async () => {
    const out = path.join(root, 'ok');
    const first = await generate(out);
    expect(first.error).toBeUndefined();
    expect(first.out).toMatch(/20 patients, \d+ resources in 5 NDJSON files; manifest sha256 [0-9a-f]{64}/);
    expect(readNdjson(out, 'Patient')).toHaveLength(20);
    const second = await generate(out);
    expect(second.out).toMatch(/up to date/);
    const forced = await generate(out, '--force');
    expect(forced.out).toMatch(/20 patients/);
  });

  it('writes one shard with --shard i/N, and says so when a shard has no patients', async () => {
    const out = path.join(root, 'shard');
    const { out: printed } = await generate(out, '--shard', '1/4');
    expect(printed).toMatch(/shard 1\/4: patients 5\.\.9/);
    expect(readNdjson(out, 'Patient').map((p) => p.id)).toEqual(['pat-9-5', 'pat-9-6', 'pat-9-7', 'pat-9-8', 'pat-9-9']);
    const empty = path.join(root, 'empty-shard');
    const { out: none } = await run('generate', '--profile', 'ed-triage-nl', '--patients', '3', '--seed', '9', '--out', empty, '--shard', '5/7');
    expect(none).toMatch(/0 patients \(shard 5\/7: no patients: more shards than patients\)/);
    expect(readFileSync(path.join(empty, 'datasheet.md'), 'utf8')).toContain('shard 6 of 7 (no patients: more shards than patients;');
  });

  it('re-hashes an existing dataset before calling it up to date: a same-size edit is regenerated', async () => {
    const out = path.join(root, 'tampered');
    await generate(out);
    const file = path.join(out, 'Patient.ndjson');
    const original = readFileSync(file, 'utf8');
    const edited = original.replace(/"gender":"(male|female)"/, (_m, g: string) => `"gender":"${g === 'male' ? 'mal1' : 'femal1'}"`);
    expect(edited.length).toBe(original.length);
    writeFileSync(file, edited);
    const { out: printed } = await generate(out);
    expect(printed).not.toMatch(/up to date/);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect((await generate(out)).out).toMatch(/up to date: every file matches its SHA-256/);
  });

  it.each([
    ['an unknown profile', ['--profile', 'nope'], /unknown dataset profile 'nope'/],
    ['zero patients', ['--patients', '0'], /--patients: must be a whole number from 1/],
    ['negative patients', ['--patients', '-5'], /--patients: must be a whole number from 1/],
    ['a non-numeric patient count', ['--patients', '1e3'], /--patients: expected a whole number, got '1e3'/],
    ['a non-numeric seed', ['--seed', 'abc'], /--seed: expected a whole number/],
    ['a shard index out of range', ['--shard', '4/4'], /shard index 4 is out of range/],
    ['a malformed shard', ['--shard', '1-4'], /--shard: expected i\/N/],
  ])('rejects %s with exit code 1 and writes nothing', async (_label, override, message) => {
    const out = path.join(root, `bad-${String(_label).replace(/\W+/g, '-')}`);
    const args: Record<string, string> = { '--profile': 'ed-triage-nl', '--patients': '20', '--seed': '9', '--out': out };
    const extra: string[] = [];
    for (let i = 0; i < override.length; i += 2) {
      const [flag, value] = [override[i] as string, override[i + 1] as string];
      if (flag in args) args[flag] = value;
      else extra.push(flag, value);
    }
    const { error } = await run('generate', ...Object.entries(args).flat(), ...extra);
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toMatch(message);
    expectNothingWritten(out);
  });

  it('rejects an unwritable output directory with exit code 1 and leaves nothing behind', async () => {
    const blocker = path.join(root, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const out = path.join(blocker, 'data');
    const { error } = await generate(out);
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toMatch(/--out: cannot write the dataset to .*a-file\/data: .*(ENOTDIR|EEXIST).*nothing was written/);
    expect(readdirSync(root).filter((f) => f.startsWith('.a-file') || f.startsWith('.data'))).toEqual([]);
  });

  it.each([
    ['a dangling symbolic link', (): string => {
      const link = path.join(root, 'dangling');
      symlinkSync(path.join(root, 'no-such-target'), link);
      return path.join(link, 'out');
    }, /dangling.* is a symbolic link to a target that does not exist \(ENOENT\); nothing was written/],
    // Node's recursive mkdir loops forever on procfs; the step-by-step walk names the refusal.
    ['a directory that accepts no entries (/proc)', (): string => '/proc/synthetic-out', /--out: cannot write the dataset to \/proc\/synthetic-out: .*nothing was written/],
  ])('rejects a parent that is %s with exit code 1, at once', async (_label, target, message) => {
    const { error } = await generate(target());
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toMatch(message);
  });

  it('creates missing parents of --out and clears temporary directories that killed runs left behind', async () => {
    const parent = path.join(root, 'parent-a', 'b');
    const out = path.join(parent, 'data');
    await generate(out);
    const stale = [`.data.${process.pid}.0badc0de.tmp`, '.data.2147483646.deadbeef.tmp', '.data.2147483646.deadbeef.tmp.old'];
    const live = `.data.${process.ppid}.c0ffee00.tmp`;
    for (const name of [...stale, live]) {
      mkdirSync(path.join(parent, name));
      writeFileSync(path.join(parent, name, 'Observation.ndjson'), 'partial');
    }
    await generate(out, '--force');
    expect(readdirSync(parent).sort()).toEqual([live, 'data'].sort());
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('removes its temporary directory when interrupted by %s', async (signal) => {
    const parent = path.join(root, `interrupted-${signal}`);
    mkdirSync(parent);
    const cli = fileURLToPath(new URL('../../bin/sandbox.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'data', 'generate', '--profile', 'diabetes-cohort-nl', '--patients', '2000000', '--seed', '1', '--out', path.join(parent, 'data')], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
    const started = async (): Promise<boolean> => {
      for (let i = 0; i < 600 && child.exitCode === null; i++) {
        if (readdirSync(parent).some((f) => f.endsWith('.tmp') && readdirSync(path.join(parent, f)).length > 0)) return true;
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    };
    try {
      expect(await started()).toBe(true);
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it('names the ledger when --tenant cannot record the generation: exit 1 for a refused append, 2 for an unusable ledger directory', async () => {
    const planned = findPlan('discharge-summary')?.tenant.datasets[0];
    expect(planned).toBeDefined();
    const { profile, patients, seed } = planned as { profile: string; patients: number; seed: number };
    const tenantRun = (...extra: string[]): Promise<{ out: string; error?: CliError }> =>
      run('generate', '--profile', profile, '--patients', String(patients), '--seed', String(seed), '--tenant', 'discharge-summary', '--out', path.join(root, 'tenant-data'), ...extra);
    const saved = process.env.SANDBOX_LEDGER_DIR;
    try {
      const ledger = path.join(root, 'ledger');
      process.env.SANDBOX_LEDGER_DIR = ledger;
      expect((await tenantRun()).error).toBeUndefined();
      const head = path.join(ledger, 'head.json');
      writeFileSync(head, readFileSync(head, 'utf8').replace(/"seq": 0/, '"seq": 5'));
      const refused = await tenantRun('--force');
      expect(refused.error?.exitCode).toBe(1);
      expect(refused.error?.message).toMatch(/tenant-data was written but not recorded in the ledger: the ledger in .*ledger .*refusing to append/);

      const notADirectory = path.join(root, 'ledger-file');
      writeFileSync(notADirectory, 'not a ledger');
      process.env.SANDBOX_LEDGER_DIR = notADirectory;
      const unusable = await tenantRun('--force');
      expect(unusable.error?.exitCode).toBe(2);
      expect(unusable.error?.message).toMatch(/not recorded in the ledger: ledger directory .*ledger-file cannot be created/);
    } finally {
      if (saved === undefined) delete process.env.SANDBOX_LEDGER_DIR;
      else process.env.SANDBOX_LEDGER_DIR = saved;
    }
  }, 60_000);

  it('refuses to replace a directory that is not a generated dataset', async () => {
    const out = path.join(root, 'precious');
    await generate(out);
    rmSync(path.join(out, 'manifest.json'));
    writeFileSync(path.join(out, 'thesis.tex'), 'years of work');
    const { error } = await generate(out, '--force');
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toMatch(/refusing to replace/);
    expect(existsSync(path.join(out, 'thesis.tex'))).toBe(true);
  });
});

describe('sandbox data combine', () => {
  it('joins shard directories into the single-run dataset, and names a missing shard', async () => {
    const dirs = [0, 1].map((i) => path.join(root, `combine-${i}`));
    for (const [i, dir] of dirs.entries()) await generate(dir, '--shard', `${i}/2`);
    const single = path.join(root, 'combine-single');
    const { out: singleOut } = await generate(single);
    const hash = /manifest sha256 ([0-9a-f]{64})/.exec(singleOut)?.[1];
    const { out, error } = await run('combine', '--out', path.join(root, 'combined'), ...dirs);
    expect(error).toBeUndefined();
    expect(out).toContain(`20 patients from 2 shards; manifest sha256 ${hash}`);
    const missing = await run('combine', '--out', path.join(root, 'combined-missing'), dirs[1] as string);
    expect(missing.error?.exitCode).toBe(1);
    expect(missing.error?.message).toMatch(/shard 0 of 2 is missing/);
    expectNothingWritten(path.join(root, 'combined-missing'));
  });
});

describe('sandbox data profiles', () => {
  it('lists the dataset profiles with their care setting', async () => {
    const { out } = await run('profiles');
    expect(out).toMatch(/^diabetes-cohort-nl\tprimary-care\t/m);
    expect(out).toMatch(/^discharge-letters-nl\thospital\t/m);
    expect(out).toMatch(/^ed-triage-nl\temergency\t/m);
  });
});
