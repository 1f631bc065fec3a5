import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import { runCli, type CliResult } from '../support/run-cli.ts';

const LAUNCHER = fileURLToPath(new URL('./workflow-cli-main.ts', import.meta.url));

/** Whether bin/sandbox.ts registers the workflow commands yet (the lead wires them). */
const WIRED = /registerRunCommands/.test(readFileSync(path.join(PROJECT_ROOT, 'bin', 'sandbox.ts'), 'utf8'));

const execFileAsync = promisify(execFile);

/**
 * Runs `sandbox <args>` in a child process: through the real binary (test/support/run-cli.ts) once
 * it has the workflow commands, until then through a launcher that registers exactly those.
 */
export async function sandbox(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  if (WIRED) return runCli(args, { env });
  const pending = execFileAsync(process.execPath, ['--import', 'tsx', LAUNCHER, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 << 20 });
  pending.child.stdin?.end();
  try {
    return { code: 0, ...(await pending) };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
