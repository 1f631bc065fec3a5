import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIsolated } from '../../workflows/index.ts';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

describe('runIsolated', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sandbox-isolated-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const hidden = path.join(root, 'hidden');
  const visibleInsideHidden = path.join(hidden, 'tenant', 'out');
  const model = path.join(root, 'model.bin');
  const key = path.join(root, 'elsewhere', 'ledger.key');
  mkdirSync(visibleInsideHidden, { recursive: true });
  mkdirSync(path.dirname(key));
  writeFileSync(path.join(hidden, 'other-tenant.txt'), 'not yours');
  writeFileSync(model, 'weights');
  writeFileSync(key, 'PRIVATE KEY');

  it('covers hidden paths, binds writable and read-only ones back at their own paths, makes the rest read-only, and captures output', async () => {
    const script = [
      `ls -A ${hidden}`,
      `echo "key=[$(cat ${key})]"`,
      `cat ${model}; echo`,
      `echo tamper > ${model} || echo model-read-only`,
      `touch ${hidden}/new || echo hidden-read-only`,
      `echo result > ${visibleInsideHidden}/r.txt`,
      `touch ${root}/elsewhere/new || echo host-read-only`,
      'touch /tmp/sandbox-isolated-probe || echo tmp-read-only',
      `touch /dev/shm/${path.basename(root)} && echo shm-private`,
      'touch "$TMPDIR/scratch" && test "$TMPDIR" = "$HOME" && test "$HOME" = "$PWD" && echo workdir-writable',
      'echo to-stderr >&2',
      'exit 4',
    ].join('\n');
    const result = await runIsolated({ argv: ['sh', '-c', script], env, readOnly: [model], writable: [visibleInsideHidden], hidden: [hidden], hiddenFiles: [key], stdio: 'pipe' });
    expect(result.exitCode).toBe(4);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toEqual(['tenant', 'key=[]', 'weights', 'model-read-only', 'hidden-read-only', 'host-read-only', 'tmp-read-only', 'shm-private', 'workdir-writable']);
    expect(existsSync(`/dev/shm/${path.basename(root)}`)).toBe(false);
    expect(existsSync(path.join(root, 'elsewhere', 'new'))).toBe(false);
    expect(result.stderr).toContain('to-stderr');
    expect(readFileSync(path.join(visibleInsideHidden, 'r.txt'), 'utf8')).toBe('result\n');
    expect(readFileSync(model, 'utf8')).toBe('weights');
    expect(readFileSync(path.join(hidden, 'other-tenant.txt'), 'utf8')).toBe('not yours');
  });

  it('reports death by a signal as 128 + the signal number, and leaves no process behind', async () => {
    // a sleep that would outlive the command unless the PID namespace takes it down; its argument marks it
    const marker = `300.${process.pid}${Date.now() % 1000}`;
    const result = await runIsolated({ argv: ['sh', '-c', `sleep ${marker} & kill -TERM $$`], env, readOnly: [], writable: [], hidden: [], stdio: 'pipe' });
    expect(result.exitCode).toBe(128 + os.constants.signals.SIGTERM);
    const survivors = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
        } catch {
          return false;
        }
      });
    expect(survivors).toEqual([]);
  });
});
