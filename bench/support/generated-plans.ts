import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { EU_REGIONS, formatIssue, loadPlans, validatePlanText, type LoadedPlan, type Tenant } from '../../tenancy/index.ts';
import { TENANTS_DIR } from '../../tenancy/paths.ts';

/**
 * The example plans under new ids and EU regions, validated like any plan (not hand-built
 * Tenants): the population the synth benches measure marginal cost over. With `dir`, the plans
 * are also written there, so a bench can run the real CLI on them.
 */
export function generatedPlans(count: number, dir?: string): LoadedPlan[] {
  const loaded = loadPlans();
  if (loaded.issues.length > 0) throw new Error(`example plans are invalid:\n${loaded.issues.map((i) => formatIssue(i)).join('\n')}`);
  const texts = new Map(loaded.plans.map((p) => [p.file, readFileSync(p.file, 'utf8')]));
  if (dir) mkdirSync(dir, { recursive: true });
  const plans: LoadedPlan[] = [];
  for (let i = 0; plans.length < count; i++) {
    const base = loaded.plans[i % loaded.plans.length]!;
    const id = `${base.tenant.id.slice(0, 24)}-g${i}`;
    const doc = parseDocument(texts.get(base.file)!);
    doc.setIn(['metadata', 'id'], id);
    doc.setIn(['spec', 'region'], EU_REGIONS[i % EU_REGIONS.length]);
    const file = path.join(dir ?? TENANTS_DIR, `${id}.yaml`);
    const text = String(doc);
    const result = validatePlanText(file, text);
    if (!result.ok) throw new Error(`generated plan ${id} is invalid:\n${result.issues.map((x) => formatIssue(x)).join('\n')}`);
    if (dir) writeFileSync(file, text);
    plans.push(result.plan);
  }
  return plans;
}

export function generatedTenants(count: number): Tenant[] {
  return generatedPlans(count).map((p) => p.tenant);
}
