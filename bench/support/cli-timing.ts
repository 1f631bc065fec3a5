import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';

/** Wall seconds of one real `sandbox …` process, as a user at a terminal would wait for it. */
export function timeCli(args: readonly string[], env: Record<string, string> = {}): number {
  return timeCliWithCpu(args, env).wall;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Wall and CPU (user + system) seconds of one `sandbox …` process. CPU time hardly moves with the
 * machine's load, so it tells whether a wall-clock goal missed on a busy machine would be met on
 * an idle one. NaN where GNU time is missing.
 */
export function timeCliWithCpu(args: readonly string[], env: Record<string, string> = {}): { wall: number; cpu: number } {
  const withTime = existsSync(GNU_TIME);
  const work = withTime ? mkdtempSync(path.join(os.tmpdir(), 'bench-time-')) : '';
  const report = path.join(work, 'time.txt');
  const command = [process.execPath, path.join(PROJECT_ROOT, 'bin', 'sandbox.js'), ...args];
  try {
    const started = performance.now();
    const result = spawnSync(withTime ? GNU_TIME : command[0]!, withTime ? ['-f', '%U %S', '-o', report, ...command] : command.slice(1), {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 64 << 20,
    });
    const wall = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`sandbox ${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 2000)}`);
    const cpu = withTime ? readFileSync(report, 'utf8').trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0) : Number.NaN;
    return { wall, cpu };
  } finally {
    if (withTime) rmSync(work, { recursive: true, force: true });
  }
}

/** CPU seconds (user + system) this process has used so far. */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const fmt = (s: number) => s.toFixed(3);
