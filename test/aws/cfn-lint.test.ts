import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeAwsPlatform } from '../../stacks/aws/index.ts';
import { exampleTenants } from '../support/example-tenants.ts';
import { allRenderings } from './renderings.ts';

/**
 * cfn-lint (AWS's CloudFormation linter: resource schemas, intrinsics, best practices) passes on
 * every template the engine writes: each example tenant in each lifecycle state, and the platform.
 */
const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const haveCfnLint = cfnLint.status === 0;
if (!haveCfnLint) console.warn('cfn-lint is not on PATH: the cfn-lint test is skipped on this machine (install it with `pip install cfn-lint`).');

const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-cfn-lint-'));
const files: string[] = [];
beforeAll(async () => {
  if (!haveCfnLint) return;
  for (const r of await allRenderings(false)) {
    const file = path.join(dir, `${r.tenant.id}-${r.status}.template.json`);
    writeFileSync(file, r.text);
    files.push(file);
  }
  for (const artifact of await synthesizeAwsPlatform(exampleTenants())) {
    if (!artifact.path.endsWith('.template.json')) continue;
    const file = path.join(dir, path.basename(artifact.path));
    writeFileSync(file, artifact.content);
    files.push(file);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cfn-lint', () => {
  it.skipIf(!haveCfnLint)('finds nothing in any synthesized template', () => {
    expect(files.length).toBe(exampleTenants().length * 3 + 1);
    const run = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], { encoding: 'utf8' });
    const findings = run.stdout.trim();
    expect(findings.replaceAll(dir, ''), `cfn-lint exit ${run.status}: ${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
  });
});

