import { beforeAll, describe, expect, it } from 'vitest';
import { checkArtifacts, projectTenants, type ArtifactInput, type CheckResult } from '../../policies/index.ts';
import { TENANT_STATUSES } from '../../tenancy/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';
import { platformArtifacts, tenantArtifacts } from './support/example-artifacts.ts';

/**
 * The example tenants, as every engine synthesizes them in every lifecycle state, pass the whole
 * catalog without a single finding: no errors, and no false positives or unknowns either.
 */
const lines = (r: CheckResult) => r.findings.map((f) => `${f.severity} ${f.ruleId} ${f.file} ${f.resource} ${f.path}: ${f.message}`);

describe('example tenants', () => {
  const byStatus = new Map<string, ArtifactInput[]>();
  let platform: ArtifactInput[] = [];

  beforeAll(async () => {
    for (const status of TENANT_STATUSES) byStatus.set(status, await tenantArtifacts(exampleTenants().map((t) => withStatus(t, status))));
    platform = await platformArtifacts(exampleTenants());
  });

  it.each(TENANT_STATUSES.map((s) => [s]))('pass every guardrail when %s, in all three formats', (status) => {
    const artifacts = byStatus.get(status)!;
    // Plans looked up by id describe the active tenant; the status variants carry their own.
    const variants = new Map(exampleTenants().map((t) => [t.id, withStatus(t, status)]));
    const result = checkArtifacts(artifacts, { tenants: (id) => variants.get(id) });
    expect(result.problems).toEqual([]);
    expect(lines(result)).toEqual([]);
    expect(new Set(result.artifacts.map((a) => a.format))).toEqual(new Set(['cloudformation', 'terraform', 'kubernetes']));
    expect(result.resources).toBeGreaterThan(100);
  });

  it('check every rule on real resources: each rule finds something compliant in the active examples', () => {
    const result = checkArtifacts(byStatus.get('active')!, { tenants: projectTenants() });
    const compliant = new Map<string, number>();
    for (const run of result.runs) compliant.set(run.ruleId, (compliant.get(run.ruleId) ?? 0) + run.compliant);
    expect([...compliant].filter(([, n]) => n === 0).map(([id]) => id)).toEqual([]);
  });

  it('pass the platform stack with the service control policy', () => {
    const result = checkArtifacts(platform);
    expect(result.problems).toEqual([]);
    expect(lines(result)).toEqual([]);
    expect(result.artifacts.map((a) => a.format)).toContain('cloudformation');
  });
});
