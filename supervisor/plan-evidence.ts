import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../common/sha256.ts';
import { findPlan, type LoadedPlan, type Tenant } from '../tenancy/index.ts';
import { PROJECT_ROOT, TENANTS_DIR } from '../tenancy/paths.ts';

/** The plan as a supervisor reads it: the exact text that was hashed, and the facts it sets. */
export interface PlanEvidence {
  /** Project-relative, or the bare file name for a plan kept elsewhere: no absolute paths in evidence. */
  readonly file: string;
  readonly sha256: string;
  readonly text: string;
  readonly tenant: Tenant;
}

export function displayFile(file: string): string {
  const relative = path.relative(PROJECT_ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(file) : relative;
}

/** The tenant's valid plan from `plansDir` (or the one given), undefined when there is none. */
export async function readPlanEvidence(tenantId: string, options: { readonly plansDir?: string; readonly plan?: LoadedPlan } = {}): Promise<PlanEvidence | undefined> {
  const plan = options.plan ?? findPlan(tenantId, options.plansDir ?? TENANTS_DIR);
  if (!plan) return undefined;
  let text: string;
  try {
    text = await readFile(plan.file, 'utf8');
  } catch {
    return undefined;
  }
  // The hash shown is of the bytes shown: a plan edited since it was loaded is shown as it is now.
  return { file: displayFile(plan.file), sha256: sha256Hex(text), text, tenant: plan.tenant };
}
