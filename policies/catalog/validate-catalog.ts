import { z } from 'zod';
import { LEGAL_REFERENCE_IDS } from '../legal-references.ts';
import { ARTIFACT_FORMATS } from '../model/resource.ts';
import { SEVERITIES, type FormatCheck, type RuleDefinition } from '../rule.ts';
import { WORKLOAD_CEL_RULES } from '../workload-cel/index.ts';
import type { RuleFixtures } from './fixtures/fixture-case.ts';

export interface CatalogEntry {
  readonly rule: RuleDefinition;
  readonly fixtures: RuleFixtures;
}

const check = z.custom<FormatCheck>((value) => typeof value === 'function', { error: 'must be a check function' });

const ruleSchema = z
  .object({
    id: z.string().regex(/^SBX-(RES|DATA|KMS|LOG|NET|IAM|TAG|K8S)-\d{3}$/, { error: 'must look like SBX-<AREA>-<NNN>' }),
    title: z.string().min(10),
    rationale: z.string().min(40),
    remediation: z.string().min(10),
    severity: z.enum(SEVERITIES),
    supports: z.array(z.enum(LEGAL_REFERENCE_IDS as [string, ...string[]], { error: 'is not in policies/legal-references.ts' })).min(1),
    crossReferences: z
      .object({
        cdkNag: z.array(z.string().regex(/^[A-Z][A-Za-z0-9]+$/)).optional(),
        controlTower: z.array(z.string().regex(/^CT\.[A-Z0-9]+\.(PR|PV|SV)\.\d+$/)).optional(),
        checkov: z.array(z.string().regex(/^CKV2?_[A-Z0-9]+_\d+$/)).optional(),
      })
      .strict(),
    enforcedAtRunTime: z
      .object({ mechanism: z.enum(['service-control-policy', 'validating-admission-policy']), source: z.string().regex(/^policies\/.+\.ts$/), description: z.string().min(10) })
      .strict()
      .optional(),
    implementations: z.partialRecord(z.enum(ARTIFACT_FORMATS), check).refine((impls) => Object.keys(impls).length > 0, { error: 'needs at least one artifact format' }),
  })
  .strict();

/**
 * Validates the catalog as it loads: each entry's shape (zod), then what spans entries: ids
 * unique, fixtures belonging to their rule, a pass and a fail case for every format the rule
 * implements (and none for formats it does not), a named resource on every fail case, and a
 * catalog entry for every workload CEL rule so that no admission rule goes unchecked in CI.
 */
export function validateCatalog(entries: readonly CatalogEntry[]): readonly CatalogEntry[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { rule, fixtures } of entries) {
    const shape = ruleSchema.safeParse(rule);
    if (!shape.success) for (const issue of shape.error.issues) problems.push(`${rule.id ?? '(no id)'}: ${issue.path.join('.') || '(rule)'} ${issue.message}`);
    if (seen.has(rule.id)) problems.push(`${rule.id}: the id is used twice`);
    seen.add(rule.id);
    if (fixtures.ruleId !== rule.id) problems.push(`${rule.id}: its fixtures are for ${fixtures.ruleId}`);
    const formats = Object.keys(rule.implementations);
    for (const format of formats) {
      for (const expect of ['pass', 'fail'] as const) {
        if (!fixtures.cases.some((c) => c.format === format && c.expect === expect)) problems.push(`${rule.id}: no ${expect} fixture for ${format}`);
      }
    }
    for (const c of fixtures.cases) {
      if (!formats.includes(c.format)) problems.push(`${rule.id}: fixture "${c.description}" is ${c.format}, which the rule does not implement`);
      if (c.expect !== 'pass' && !c.resource) problems.push(`${rule.id}: ${c.expect} fixture "${c.description}" names no resource`);
    }
  }
  for (const cel of WORKLOAD_CEL_RULES) if (!seen.has(cel.id)) problems.push(`${cel.id}: a workload CEL rule without a catalog entry`);
  if (problems.length > 0) throw new Error(`the guardrail catalog is invalid:\n  ${problems.join('\n  ')}`);
  return entries;
}
