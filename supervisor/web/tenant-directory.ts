import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadPlans, type LoadedPlan } from '../../tenancy/index.ts';
import { PLATFORM_DIR, tenantLayout } from '../../common/build-layout.ts';

/**
 * The tenants the UI knows: every valid plan in the plans directory, plus any tenant that has a
 * build directory but no valid plan any more (its evidence stays inspectable). Plans are loaded
 * again only when a plan file changed, so a page does not re-validate every plan.
 */

export interface TenantEntry {
  readonly id: string;
  readonly plan?: LoadedPlan;
}

export interface TenantListing {
  readonly tenants: readonly TenantEntry[];
  /** Plan files that did not validate (shown as a count: `sandbox validate` names the problems). */
  readonly invalidPlanFiles: number;
}

export class TenantDirectory {
  readonly #plansDir: string;
  readonly #buildDir: string;
  #cache: { key: string; plans: readonly LoadedPlan[]; invalid: number } | undefined;

  constructor(plansDir: string, buildDir: string) {
    this.#plansDir = plansDir;
    this.#buildDir = buildDir;
  }

  async list(): Promise<TenantListing> {
    const { plans, invalid } = await this.#plans();
    const ids = new Set(plans.map((p) => p.tenant.id));
    const built = (await this.#builtTenants()).filter((id) => !ids.has(id));
    return {
      tenants: [...plans.map((plan) => ({ id: plan.tenant.id, plan })), ...built.map((id) => ({ id }))].sort((a, b) => a.id.localeCompare(b.id)),
      invalidPlanFiles: invalid,
    };
  }

  async find(id: string): Promise<TenantEntry | undefined> {
    return (await this.list()).tenants.find((t) => t.id === id);
  }

  async #plans(): Promise<{ plans: readonly LoadedPlan[]; invalid: number }> {
    let names: string[] = [];
    try {
      names = (await readdir(this.#plansDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch {
      return { plans: [], invalid: 0 };
    }
    const stamps = await Promise.all(names.map(async (n) => `${n}:${(await stat(path.join(this.#plansDir, n)).catch(() => undefined))?.mtimeMs ?? '-'}`));
    const key = stamps.join('|');
    if (this.#cache?.key !== key) {
      const result = names.length === 0 ? { plans: [], issues: [] } : loadPlans([this.#plansDir]);
      this.#cache = { key, plans: result.plans, invalid: new Set(result.issues.map((i) => i.file)).size };
    }
    return this.#cache;
  }

  async #builtTenants(): Promise<string[]> {
    try {
      const entries = await readdir(this.#buildDir, { withFileTypes: true });
      const ids: string[] = [];
      for (const e of entries) {
        if (!e.isDirectory() || e.name === PLATFORM_DIR || e.name.startsWith('.')) continue;
        const hasFingerprint = await stat(tenantLayout(this.#buildDir, e.name).fingerprintFile).then(
          () => true,
          () => false,
        );
        if (hasFingerprint) ids.push(e.name);
      }
      return ids;
    } catch {
      return [];
    }
  }
}
