import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIsolated } from '../../workflows/index.ts';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

function ask(socket: string): Promise<string> {
  return new Promise((resolve) => {
    const client = connect(socket);
    let answer = '';
    client.on('data', (d) => (answer += d));
    client.on('end', () => resolve(answer));
    client.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

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

  it('keeps host Unix sockets and System V IPC out of reach: in /tmp, in a temporary directory, even in a directory bound into the run', async () => {
    const boundDir = path.join(root, 'datasets');
    mkdirSync(boundDir);
    const sockets = [path.join('/tmp', `sandbox-isolated-${process.pid}.sock`), path.join(root, 'service.sock'), path.join(boundDir, 'in-data.sock')];
    const servers: Server[] = [];
    const segment = /id: (\d+)/.exec(execFileSync('ipcmk', ['-M', '4096'], { encoding: 'utf8' }))?.[1];
    try {
      for (const socket of sockets) {
        rmSync(socket, { force: true });
        const server = createServer((c) => c.end('pong'));
        await new Promise<void>((resolve) => server.listen(socket, resolve));
        servers.push(server);
      }
      // the host side reaches every one of them
      for (const socket of sockets) expect(await ask(socket)).toBe('pong');
      const probe = `
        const net = require('net'), fs = require('fs');
        const ask = (p) => new Promise((r) => { const c = net.connect(p); let d = ''; c.on('data', (x) => (d += x)); c.on('end', () => r(d)); c.on('error', (e) => r(e.code)); });
        (async () => {
          const answers = [];
          for (const p of ${JSON.stringify(sockets)}) answers.push(await ask(p));
          const shm = fs.readFileSync('/proc/sysvipc/shm', 'utf8').trim().split('\\n').slice(1).map((l) => l.trim().split(/\\s+/)[1]);
          console.log(JSON.stringify({ answers, shm, ipc: fs.readlinkSync('/proc/self/ns/ipc'), uts: fs.readlinkSync('/proc/self/ns/uts') }));
        })();`;
      const result = await runIsolated({ argv: [process.execPath, '-e', probe], env, readOnly: [boundDir], writable: [], hidden: [], stdio: 'pipe' });
      expect(result.stderr).toBe('');
      const seen = JSON.parse(result.stdout) as { answers: string[]; shm: string[]; ipc: string; uts: string };
      expect(seen.answers).toHaveLength(3);
      expect(seen.answers).not.toContain('pong');
      expect(segment).toBeDefined();
      expect(seen.shm).not.toContain(segment);
      expect(seen.ipc).not.toBe(readlinkSync('/proc/self/ns/ipc'));
      expect(seen.uts).not.toBe(readlinkSync('/proc/self/ns/uts'));
      // the sockets themselves are untouched
      for (const socket of sockets) expect(await ask(socket)).toBe('pong');
    } finally {
      if (segment !== undefined) execFileSync('ipcrm', ['-m', segment]);
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
      rmSync(sockets[0]!, { force: true });
    }
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
