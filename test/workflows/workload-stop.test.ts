import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitWorkloadStop, suspensionWorkloadStop } from '../../workflows/index.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-workload-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the steps under sh with a kubectl that answers `get jobs -o name` with two jobs and logs
 * every call, one argument per line and a blank line after each call.
 */
function runProcedure(procedure: readonly string[]): string[][] {
  const log = path.join(dir, 'kubectl.log');
  writeFileSync(log, '');
  const kubectl = path.join(dir, 'kubectl');
  writeFileSync(
    kubectl,
    `#!/bin/sh\nfor a; do printf '%s\\n' "$a" >> '${log}'; done\necho >> '${log}'\n` +
      `case "$*" in *"get jobs -o name"*) printf 'job.batch/train-1\\njob.batch/eval-2\\n' ;; esac\n`,
  );
  chmodSync(kubectl, 0o755);
  execFileSync('/bin/sh', ['-euc', procedure.join('\n')], { env: { PATH: `${dir}:${process.env.PATH}` } });
  return readFileSync(log, 'utf8')
    .split('\n\n')
    .filter((call) => call.length > 0)
    .map((call) => call.split('\n'));
}

describe('the steps that stop what already runs in a suspended tenant', () => {
  it('suspend every job of the namespace, then delete its pods, as shell a cluster operator can paste', () => {
    const stop = suspensionWorkloadStop({ id: 'diabetes-risk' });
    expect(stop.namespace).toBe('sbx-diabetes-risk');
    expect(stop.when).toMatch(/After deploying the suspended rendering .* as the cluster operator/);
    const calls = runProcedure(stop.procedure);
    const suspend = ['--type=merge', '-p', '{"spec":{"suspend":true}}'];
    expect(calls.slice(0, 4)).toEqual([
      ['-n', 'sbx-diabetes-risk', 'get', 'jobs', '-o', 'name'],
      ['-n', 'sbx-diabetes-risk', 'patch', 'job.batch/train-1', ...suspend],
      ['-n', 'sbx-diabetes-risk', 'patch', 'job.batch/eval-2', ...suspend],
      ['-n', 'sbx-diabetes-risk', 'delete', 'pods', '--all'],
    ]);
    // and then only looks
    expect(calls.slice(4).every((call) => call[2] === 'get')).toBe(true);
  });

  it('are the same at exit, for the time until the deploy deletes the namespace', () => {
    const stop = exitWorkloadStop({ id: 'triage-assist' });
    expect(stop.procedure).toEqual(suspensionWorkloadStop({ id: 'triage-assist' }).procedure);
    expect(stop.when).toMatch(/The next deploy deletes namespace sbx-triage-assist, and with it every job and pod/);
  });
});
