import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT, TENANTS_DIR } from '../../tenancy/paths.ts';
import { planJsonSchema } from '../../tenancy/index.ts';

const plans = readdirSync(TENANTS_DIR).filter((f) => f.endsWith('.yaml'));

describe('the plan JSON Schema for editors', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(planJsonSchema());

  it.each(plans)('accepts the example plan %s and is referenced from its first line', (file) => {
    const text = readFileSync(path.join(TENANTS_DIR, file), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../sandbox-plan.schema.json');
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what the editor should flag: an unknown key, a non-EU region, an unknown profile', () => {
    const plan = parse(readFileSync(path.join(TENANTS_DIR, plans[0]!), 'utf8'));
    for (const mutate of [(p: any) => (p.spec.colour = 'blue'), (p: any) => (p.spec.region = 'us-east-1'), (p: any) => (p.spec.profile = 'nope')]) {
      const copy = structuredClone(plan);
      mutate(copy);
      expect(validate(copy)).toBe(false);
    }
  });

  it('is committed at the project root exactly as `sandbox schema` prints it', () => {
    expect(readFileSync(path.join(PROJECT_ROOT, 'sandbox-plan.schema.json'), 'utf8')).toBe(`${JSON.stringify(planJsonSchema(), null, 2)}\n`);
  });
});
