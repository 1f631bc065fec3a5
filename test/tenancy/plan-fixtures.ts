import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { TENANTS_DIR } from '../../tenancy/paths.ts';

/** A valid plan as plain data (the diabetes-risk example), to mutate one field at a time. */
export function basePlan(): any {
  return parse(readFileSync(path.join(TENANTS_DIR, 'diabetes-risk.yaml'), 'utf8'));
}

export function tempDir(prefix = 'sandbox-plan-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a plan (object or raw text) as `<dir>/<name>.yaml`, far from the project tree. */
export function writePlan(plan: unknown, name?: string, dir: string = tempDir()): string {
  const text = typeof plan === 'string' ? plan : stringify(plan);
  const stem = name ?? (typeof plan === 'object' && plan !== null ? (plan as any).metadata?.id : undefined) ?? 'plan';
  const file = path.join(dir, `${stem}.yaml`);
  writeFileSync(file, text);
  return file;
}
