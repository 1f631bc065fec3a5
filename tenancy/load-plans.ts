import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../common/sha256.ts';
import { buildTenant } from './build-tenant.ts';
import { TENANTS_DIR } from './paths.ts';
import { formatPath, type PlanIssue } from './plan-issue.ts';
import { checkPlanRules } from './plan-rules.ts';
import { planSchema, type SandboxPlan } from './plan-schema.ts';
import { loadTemplateCatalog, type TemplateCatalog } from './template-catalog.ts';
import type { Tenant } from './tenant.ts';
import { parseYamlSource } from './yaml-source.ts';
import { checkShape } from './zod-issues.ts';

/** A plan that passed every rule, with where it came from and the hash of its exact bytes. */
export interface LoadedPlan {
  readonly file: string;
  /** SHA-256 of the plan file's bytes: what `tenant.admitted` records and caches key on. */
  readonly sha256: string;
  readonly tenant: Tenant;
}

export type PlanFileResult =
  | { readonly ok: true; readonly plan: LoadedPlan }
  | { readonly ok: false; readonly file: string; readonly issues: readonly PlanIssue[] };

export interface LoadPlansResult {
  readonly plans: readonly LoadedPlan[];
  /** Every problem of every file, in file order; empty means all plans are valid. */
  readonly issues: readonly PlanIssue[];
  readonly filesChecked: number;
}

export function isPlanFile(name: string): boolean {
  return /\.ya?ml$/.test(name);
}

export function validatePlanText(file: string, text: string, catalog: TemplateCatalog = loadTemplateCatalog()): PlanFileResult {
  const parsed = parseYamlSource(file, text);
  if (!parsed.ok) return { ok: false, file, issues: parsed.issues };
  const { data, lineOf } = parsed.source;
  const fileStem = path.basename(file).replace(/\.ya?ml$/, '');
  const shape = checkShape(file, planSchema, data, lineOf);
  // Semantic rules also run on a plan whose shape is wrong, so that one pass shows every problem;
  // a rule that reads a malformed field is skipped, since the shape issue already names it.
  const violations = shape.ok
    ? checkPlanRules({ plan: shape.value, fileStem, catalog })
    : checkPlanRules({ plan: data as SandboxPlan, fileStem, catalog }, shape.failedPaths);
  const issues = [
    ...(shape.ok ? [] : shape.issues),
    ...violations.map((v) => ({ file, path: formatPath(v.path), rule: v.rule, message: v.message, line: lineOf(v.path) })),
  ].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (!shape.ok || issues.length > 0) return { ok: false, file, issues };
  return { ok: true, plan: { file, sha256: sha256Hex(text), tenant: buildTenant(shape.value, catalog) } };
}

export function validatePlanFile(file: string, catalog?: TemplateCatalog): PlanFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    return { ok: false, file, issues: [{ file, path: '', rule: 'readable', message: `the plan file ${reason}` }] };
  }
  return validatePlanText(file, text, catalog);
}

/** Expands files and directories (one level: a directory of plans) into plan files, sorted. */
export function expandPlanPaths(paths: readonly string[]): { files: string[]; issues: PlanIssue[] } {
  const files: string[] = [];
  const issues: PlanIssue[] = [];
  for (const p of paths) {
    let isDirectory = false;
    try {
      isDirectory = statSync(p).isDirectory();
    } catch {
      issues.push({ file: p, path: '', rule: 'readable', message: 'does not exist' });
      continue;
    }
    if (isDirectory) {
      const found = readdirSync(p).filter(isPlanFile).sort().map((f) => path.join(p, f));
      if (found.length === 0) issues.push({ file: p, path: '', rule: 'plans-present', message: 'contains no plan files (*.yaml)' });
      files.push(...found);
    } else files.push(p);
  }
  return { files, issues };
}

/**
 * Validates every plan at the given paths (default: the project's tenants), all problems of all
 * files at once, plus the rules that span files: unique tenant ids, and sound templates.
 */
export function loadPlans(paths: readonly string[] = [TENANTS_DIR], catalog: TemplateCatalog = loadTemplateCatalog()): LoadPlansResult {
  const expanded = expandPlanPaths(paths);
  const issues: PlanIssue[] = [...catalog.issues, ...expanded.issues];
  const plans: LoadedPlan[] = [];
  const byId = new Map<string, string>();
  for (const file of expanded.files) {
    const result = validatePlanFile(file, catalog);
    if (!result.ok) {
      issues.push(...result.issues);
      continue;
    }
    const other = byId.get(result.plan.tenant.id);
    if (other !== undefined) {
      issues.push({ file, path: 'metadata.id', rule: 'unique-tenant-id', message: `"${result.plan.tenant.id}" is already the id of ${other}; tenant ids must be unique` });
      continue;
    }
    byId.set(result.plan.tenant.id, file);
    plans.push(result.plan);
  }
  return { plans, issues, filesChecked: expanded.files.length };
}

/** The tenant with this id among the project's plans (or `tenantsDir`), if its plan is valid. */
export function findTenant(id: string, tenantsDir: string = TENANTS_DIR): Tenant | undefined {
  return findPlan(id, tenantsDir)?.tenant;
}

export function findPlan(id: string, tenantsDir: string = TENANTS_DIR): LoadedPlan | undefined {
  const result = findPlanResult(id, tenantsDir);
  return result.ok ? result.plan : undefined;
}

/**
 * The plan with this id (`<id>.yaml` or `<id>.yml`), or why there is none: its validation issues,
 * or a `known-tenant` issue when no such file exists, so callers can say exactly what is wrong.
 */
export function findPlanResult(id: string, tenantsDir: string = TENANTS_DIR): PlanFileResult {
  const candidates = ['.yaml', '.yml'].map((ext) => path.join(tenantsDir, `${id}${ext}`)).filter((file) => existsSync(file));
  if (candidates.length === 0) {
    return { ok: false, file: path.join(tenantsDir, `${id}.yaml`), issues: [{ file: tenantsDir, path: '', rule: 'known-tenant', message: `has no plan for tenant "${id}" (${id}.yaml)` }] };
  }
  return validatePlanFile(candidates[0]!);
}
