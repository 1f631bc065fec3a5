import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';

/** Wall seconds of one real `sandbox …` process, as a user at a terminal would wait for it. */
export function timeCli(args: readonly string[], env: Record<string, string> = {}): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'sandbox.js'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 << 20,
  });
  const elapsed = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`sandbox ${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 2000)}`);
  return elapsed;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const fmt = (s: number) => s.toFixed(3);
