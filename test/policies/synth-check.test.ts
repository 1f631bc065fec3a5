import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthCheck } from '../../policies/adapters/synth-check.ts';
import { exampleTenants } from '../support/example-tenants.ts';
import { tenantArtifacts } from './support/example-artifacts.ts';

/**
 * The check inside `sandbox synth` refuses an artifact an engine produced that it cannot
 * recognise: skipping it would write the tenant with that artifact unchecked.
 */
let dir: string;
let waiversFile: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'synth-check-'));
  waiversFile = path.join(dir, 'waivers.yaml');
  writeFileSync(waiversFile, 'apiVersion: regulatory-sandbox/v1\nkind: GuardrailWaivers\nwaivers: []\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the synth check hook', () => {
  it.each([
    ['a template with a resource type CloudFormation does not have', 'aws', (c: string) => c.replace(/"Type": "AWS::KMS::Key"/, '"Type": "Custom"'), /no CloudFormation resource/],
    ['a manifest with a stray document', 'kubernetes', (c: string) => `${c}---\nnote: stray\n`, /document \d+ \(line \d+\) of \d+ is no Kubernetes object/],
    ['Terraform JSON with a key Terraform does not know', 'terraform', (c: string) => c.replace(/^\{/, '{"resources": {},'), /top-level keys Terraform does not know \(resources\)/],
  ])('refuses %s', async (_what, engine, change, message) => {
    const tenant = exampleTenants()[0]!;
    const artifacts = (await tenantArtifacts([tenant])).map((a) => ({ path: a.path.replace(`build/${tenant.id}/`, ''), content: a.path.includes(`/${engine}/`) ? change(a.content) : a.content }));
    const summary = await synthCheck({ waiversFile, today: '2027-01-01' })(tenant, artifacts, (p) => `build/${tenant.id}/${p}`);
    expect(summary.errors).toBeGreaterThan(0);
    expect(summary.errorLines[0]).toMatch(new RegExp(`^error build/${tenant.id}/${engine}/`));
    expect(summary.errorLines[0]).toMatch(message);
  });
});
