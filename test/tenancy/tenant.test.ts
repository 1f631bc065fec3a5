import { describe, expect, it } from 'vitest';
import { LEGAL_RETENTION, validatePlanFile, type Tenant } from '../../tenancy/index.ts';
import { basePlan, writePlan } from './plan-fixtures.ts';
import { exampleTenants } from '../support/example-tenants.ts';

function tenantOf(mutate: (plan: any) => void = () => {}): Tenant {
  const plan = basePlan();
  mutate(plan);
  const result = validatePlanFile(writePlan(plan));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan.tenant;
}

describe('the Tenant merged from plan and profile', () => {
  it('takes compute defaults from the profile where the plan is silent', () => {
    const tenant = tenantOf((p) => (p.spec.compute = { cpu: 2 }));
    expect(tenant.compute).toEqual({ cpu: 2, memoryGiB: 16, gpu: 0, storageGiB: 100 });
  });

  it('takes datasets from the profile when the plan names none', () => {
    const tenant = tenantOf((p) => delete p.spec.datasets);
    expect(tenant.datasets.map((d) => d.profile)).toEqual(['diabetes-cohort-nl']);
    expect(tenant.datasets[0]!.classification).toBe('synthetic');
  });

  it('is deeply immutable', () => {
    const tenant = tenantOf();
    expect(Object.isFrozen(tenant)).toBe(true);
    expect(Object.isFrozen(tenant.people[0])).toBe(true);
    expect(() => {
      (tenant.compute as any).cpu = 99;
    }).toThrow();
  });

  it('carries the tags every engine applies', () => {
    const tenant = tenantOf();
    expect(tenant.tags).toMatchObject({
      'sandbox:tenant': 'diabetes-risk',
      'sandbox:participant': 'Example Health AI B.V.',
      'sandbox:period-end': '2027-06-30',
      'sandbox:risk-class': 'high',
    });
  });

  it('makes participant names safe as tag values', () => {
    const tenant = tenantOf((p) => (p.metadata.participant = 'Zorg & Data (NL) B.V.'));
    expect(tenant.tags['sandbox:participant']).toBe('Zorg - Data -NL- B.V.');
  });
});

describe('retention classes (regulation.md)', () => {
  it('keep the legal floors and one store per class', () => {
    const tenant = tenantOf();
    const days = Object.fromEntries(tenant.retention.map((r) => [r.name, r.days]));
    expect(days['ai-system-logs']).toBe(LEGAL_RETENTION['ai-system-logs'].days);
    expect(days['access-logs']).toBe(365);
    expect(days.documentation).toBe(3653);
    // processing logs reach the end of the participation: 2027-01-04 → 2027-06-30
    expect(days['processing-logs']).toBe(177);
    expect(days['patient-record-logs']).toBeUndefined();
  });

  it('add the NEN 7513 floor where hospital data is involved', () => {
    const discharge = exampleTenants().find((t) => t.id === 'discharge-summary')!;
    const days = Object.fromEntries(discharge.retention.map((r) => [r.name, r.days]));
    expect(days['patient-record-logs']).toBe(1827);
    expect(days['processing-logs']).toBe(364 + 1827);
  });

  it('let a profile raise a floor, never lower it', () => {
    const discharge = exampleTenants().find((t) => t.id === 'discharge-summary')!;
    expect(discharge.retention.find((r) => r.name === 'ai-system-logs')!.days).toBe(365);
  });
});
