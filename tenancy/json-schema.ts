import { z } from 'zod';
import { planSchema } from './plan-schema.ts';
import { loadTemplateCatalog, type TemplateCatalog } from './template-catalog.ts';

export const PLAN_SCHEMA_FILE = 'sandbox-plan.schema.json';

/**
 * The plan's JSON Schema for editors (yaml-language-server): the zod shape, with the profile and
 * dataset-profile names of this project as enums so that completion offers them. Cross-field rules
 * cannot be expressed here; `sandbox validate` remains the authority.
 */
export function planJsonSchema(catalog: TemplateCatalog = loadTemplateCatalog()): Record<string, unknown> {
  const schema = z.toJSONSchema(planSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, any>;
  const spec = schema.properties.spec.properties;
  spec.profile = { ...spec.profile, enum: [...catalog.profiles.keys()].sort() };
  spec.datasets.items.properties.profile = { ...spec.datasets.items.properties.profile, enum: [...catalog.datasetProfiles.keys()].sort() };
  for (const key of ['start', 'end']) {
    spec.period.properties[key] = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date, YYYY-MM-DD' };
  }
  return {
    $schema: schema.$schema,
    $id: 'https://eu-ai-sandbox.example.eu/schemas/sandbox-plan.schema.json',
    title: 'Sandbox plan (AI Act Art. 57(5))',
    description: 'One admitted innovator’s regulatory sandbox. Validate with `npx sandbox validate`.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

export function planJsonSchemaText(catalog?: TemplateCatalog): string {
  return `${JSON.stringify(planJsonSchema(catalog), null, 2)}\n`;
}
