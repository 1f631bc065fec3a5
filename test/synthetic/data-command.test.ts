import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../bin/cli-error.ts';
import { registerDataCommands } from '../../bin/commands/data.ts';
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

  it('writes one shard with --shard i/N', async () => {
    const out = path.join(root, 'shard');
    const { out: printed } = await generate(out, '--shard', '1/4');
    expect(printed).toMatch(/shard 1\/4: patients 5\.\.9/);
    expect(readNdjson(out, 'Patient').map((p) => p.id)).toEqual(['pat-9-5', 'pat-9-6', 'pat-9-7', 'pat-9-8', 'pat-9-9']);
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
