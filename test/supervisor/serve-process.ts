import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';

/**
 * `sandbox serve` in a process of its own, as a user starts it: resolves with its URL once it
 * prints that it listens. The CLI test and the UI bench (fresh-process first loads) share it.
 */

export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM, then the exit code once it has ended. */
  stop(): Promise<number | null>;
}

export async function startServeProcess(args: readonly string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'sandbox.js'), 'serve', '--port', '0', ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += String(d);
        const match = /supervisor UI: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`sandbox serve exited ${code} before it listened`)));
    });
    return { url, child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
