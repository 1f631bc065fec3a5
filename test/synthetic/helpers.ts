import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

export interface Resource {
  resourceType: string;
  id: string;
  [key: string]: unknown;
}

export function freshDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `synthetic-${prefix}-`));
}

export function readNdjson(dir: string, type: string): Resource[] {
  let text: string;
  try {
    text = readFileSync(path.join(dir, `${type}.ndjson`), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Resource);
}

export const RESOURCE_TYPES = ['Patient', 'Encounter', 'Condition', 'Observation', 'MedicationRequest', 'DocumentReference'] as const;

let validators: Map<string, ValidateFunction> | undefined;

/** The vendored FHIR R4 schema subset, compiled once per test file; one validator per resource type. */
export function fhirValidator(type: string): ValidateFunction {
  if (!validators) {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fhir-r4', 'fhir-r4-subset.schema.json');
    const { id, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // The FHIR schema is draft-06 and names itself with the older `id`; ajv 8 wants `$id`.
    const ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addMetaSchema(draft6);
    ajv.addSchema({ ...schema, $id: id as string });
    validators = new Map(RESOURCE_TYPES.map((t) => [t, ajv.getSchema(`${id as string}#/definitions/${t}`) as ValidateFunction]));
  }
  const v = validators.get(type);
  if (!v) throw new Error(`no schema for ${type}`);
  return v;
}

/** Every `reference` string anywhere inside a resource. */
export function referencesIn(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) referencesIn(x, into);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'reference' && typeof v === 'string') into.push(v);
      else referencesIn(v, into);
    }
  }
  return into;
}
