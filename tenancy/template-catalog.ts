import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { TEMPLATES_DIR } from './paths.ts';
import type { PlanIssue } from './plan-issue.ts';
import { datasetProfileHeaderSchema, profileSchema, type DatasetProfileHeader, type SandboxProfile } from './profile-schema.ts';
import { parseYamlSource } from './yaml-source.ts';
import { checkShape } from './zod-issues.ts';

/**
 * The profiles and dataset profiles of this project. Plans are validated against these, wherever
 * the plan itself sits on disk, so a plan under review cannot bring its own profile.
 */
export interface TemplateCatalog {
  readonly profiles: ReadonlyMap<string, SandboxProfile>;
  readonly datasetProfiles: ReadonlyMap<string, DatasetProfileHeader>;
  /** Problems in the templates themselves: every plan using a broken profile fails with them. */
  readonly issues: readonly PlanIssue[];
}

const cache = new Map<string, TemplateCatalog>();

export function loadTemplateCatalog(templatesDir: string = TEMPLATES_DIR): TemplateCatalog {
  const cached = cache.get(templatesDir);
  if (cached) return cached;
  const issues: PlanIssue[] = [];
  const profiles = loadNamed(path.join(templatesDir, 'profiles'), profileSchema, issues, (p) => p.metadata.name);
  const datasetProfiles = loadNamed(path.join(templatesDir, 'datasets'), datasetProfileHeaderSchema, issues, (p) => p.metadata.name);
  for (const [name, profile] of profiles) {
    profile.spec.datasets.allowed.forEach((dataset, i) => {
      if (!datasetProfiles.has(dataset)) {
        issues.push({ file: path.join(templatesDir, 'profiles', `${name}.yaml`), path: `spec.datasets.allowed[${i}]`, rule: 'known-dataset-profile', message: `names dataset profile "${dataset}", which is not in sandbox-templates/datasets/` });
      }
    });
  }
  const catalog: TemplateCatalog = { profiles, datasetProfiles, issues };
  cache.set(templatesDir, catalog);
  return catalog;
}

function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch {
    return [];
  }
}

function loadNamed<S extends z.ZodType>(
  dir: string,
  schema: S,
  issues: PlanIssue[],
  nameOf: (value: z.output<S>) => string,
): Map<string, z.output<S>> {
  const out = new Map<string, z.output<S>>();
  for (const fileName of yamlFiles(dir)) {
    const file = path.join(dir, fileName);
    const parsed = parseYamlSource(file, readFileSync(file, 'utf8'));
    if (!parsed.ok) {
      issues.push(...parsed.issues);
      continue;
    }
    const result = checkShape(file, schema, parsed.source.data, parsed.source.lineOf);
    if (!result.ok) {
      issues.push(...result.issues);
      continue;
    }
    const name = nameOf(result.value);
    const expected = fileName.replace(/\.ya?ml$/, '');
    if (name !== expected) {
      issues.push({ file, path: 'metadata.name', rule: 'name-matches-file', message: `is "${name}" but the file is named ${fileName}; they must agree`, line: parsed.source.lineOf(['metadata', 'name']) });
      continue;
    }
    out.set(name, result.value);
  }
  return out;
}
