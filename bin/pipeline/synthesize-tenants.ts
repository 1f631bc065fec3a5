import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { replaceDirectory, writeFileAtomic } from '../../common/atomic-write.ts';
import { sha256Hex } from '../../common/sha256.ts';
import type { Artifact, EngineName, EngineOutput } from '../../stacks/engine.ts';
import { fingerprintArtifacts, type EnvironmentFingerprint } from '../../stacks/fingerprint.ts';
import type { LoadedPlan, Tenant } from '../../tenancy/index.ts';
import { tenantLayout } from '../../common/build-layout.ts';
import { loadEngine } from './engines.ts';
import { codeDigest } from './input-digest.ts';
import type { SynthCheckSummary } from '../../policies/adapters/synth-check.ts';

/**
 * What the guardrail check said about one tenant's artifacts, in the policies room's own shape; the
 * full JSON report is written beside the artifacts but not kept in the synth cache.
 */
export type CheckSummary = Omit<SynthCheckSummary, 'reportJson'> & { readonly reportJson?: string };

export interface CheckHook {
  (tenant: Tenant, artifacts: readonly Artifact[], buildRelative: (p: string) => string): Promise<CheckSummary>;
  /** Whatever else a tenant's result depends on (its waivers in force today); part of its cache key. */
  cacheKeyFor(tenantId: string): string;
}

export interface TenantSynthOutcome {
  readonly tenant: Tenant;
  readonly state: 'synthesized' | 'unchanged' | 'rejected';
  readonly resources: Readonly<Partial<Record<EngineName, number>>>;
  readonly fingerprint: EnvironmentFingerprint | null;
  readonly check: CheckSummary | null;
  readonly seconds: number;
}

interface SynthState {
  readonly inputs: string;
  readonly engines: readonly EngineName[];
  readonly resources: Partial<Record<EngineName, number>>;
  readonly fingerprint: string;
  readonly check: CheckSummary | null;
  /** SHA-256 of findings.json as written with these artifacts. */
  readonly findingsSha256: string | null;
}

export interface SynthOptions {
  readonly buildDir: string;
  readonly engines: readonly EngineName[];
  /** Re-synthesize even when nothing changed. */
  readonly force?: boolean;
  readonly check?: CheckHook;
  /**
   * Records an outcome in the ledger. It runs after the artifacts are written and before the
   * state file that lets the next run skip the tenant, so a crash in between means the work is
   * redone and recorded again, never done and left unrecorded.
   */
  readonly record?: (outcome: TenantSynthOutcome) => Promise<void>;
}

/** Everything a tenant's synthesized output depends on, as one hash. */
function inputsDigest(plan: LoadedPlan, engines: readonly EngineName[], check: CheckHook | undefined): string {
  return sha256Hex(JSON.stringify({ plan: plan.sha256, code: codeDigest(), engines: [...engines].sort(), check: check?.cacheKeyFor(plan.tenant.id) ?? null }));
}

async function readState(file: string): Promise<SynthState | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SynthState;
  } catch {
    return null;
  }
}

/** The recorded fingerprint, if the files on disk still match it (a hand edit in build/ forces a rebuild). */
export function readRecordedFingerprint(buildDir: string, tenantId: string): EnvironmentFingerprint | null {
  const layout = tenantLayout(buildDir, tenantId);
  try {
    return JSON.parse(readFileSync(layout.fingerprintFile, 'utf8')) as EnvironmentFingerprint;
  } catch {
    return null;
  }
}

/** The recorded files (path relative to `root` → SHA-256) that are missing or hold other bytes now. */
export function changedOnDisk(root: string, files: Readonly<Record<string, string>>): string[] {
  return Object.entries(files)
    .filter(([rel, hash]) => {
      const file = path.join(root, rel);
      return !existsSync(file) || sha256Hex(readFileSync(file)) !== hash;
    })
    .map(([rel]) => rel)
    .sort();
}

/** Runs the chosen engines for one tenant, in memory. */
export async function runEngines(tenant: Tenant, engines: readonly EngineName[]): Promise<EngineOutput[]> {
  const outputs: EngineOutput[] = [];
  for (const name of engines) {
    const engine = await loadEngine(name);
    const output = await engine(tenant);
    for (const artifact of output.artifacts) {
      if (!artifact.path.startsWith(`${name}/`)) throw new Error(`engine ${name} produced ${artifact.path}, outside ${name}/`);
    }
    outputs.push(output);
  }
  return outputs;
}

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}

/** Reads every engine directory of a tenant back, so the fingerprint covers what is on disk. */
async function artifactsOnDisk(root: string, engines: readonly EngineName[]): Promise<Artifact[]> {
  const out: Artifact[] = [];
  for (const engine of engines) {
    for (const file of filesUnder(path.join(root, engine)).sort()) {
      out.push({ path: path.relative(root, file).split(path.sep).join('/'), content: await readFile(file, 'utf8') });
    }
  }
  return out;
}

export async function synthesizeTenant(plan: LoadedPlan, options: SynthOptions, allEngines: readonly EngineName[]): Promise<TenantSynthOutcome> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const { tenant } = plan;
  const layout = tenantLayout(options.buildDir, tenant.id);
  const inputs = inputsDigest(plan, options.engines, options.check);
  const previous = await readState(layout.synthStateFile);
  const recorded = readRecordedFingerprint(options.buildDir, tenant.id);
  if (
    !options.force &&
    previous?.inputs === inputs &&
    recorded &&
    recorded.fingerprint === previous.fingerprint &&
    changedOnDisk(layout.root, recorded.files).length === 0 &&
    fileHashIs(layout.findingsFile, previous.findingsSha256)
  ) {
    return { tenant, state: 'unchanged', resources: previous.resources, fingerprint: recorded, check: previous.check, seconds: elapsed() };
  }

  const outputs = await runEngines(tenant, options.engines);
  const artifacts = outputs.flatMap((o) => o.artifacts);
  const resources = Object.fromEntries(outputs.map((o) => [o.engine, o.resources])) as Partial<Record<EngineName, number>>;
  // Paths relative to the build directory: the findings must not depend on where synth ran.
  const check = options.check ? await options.check(tenant, artifacts, (p) => `${tenant.id}/${p}`) : null;
  if (check && check.errors > 0) {
    // Evidence of the refusal, beside (never instead of) the findings of the artifacts on disk.
    if (check.reportJson) await writeFileAtomic(layout.rejectedFindingsFile, check.reportJson);
    const outcome: TenantSynthOutcome = { tenant, state: 'rejected', resources, fingerprint: null, check, seconds: elapsed() };
    await options.record?.(outcome);
    return outcome;
  }

  for (const output of outputs) {
    await replaceDirectory(layout.engineDir(output.engine), async (tmp) => {
      for (const artifact of output.artifacts) {
        await writeFileAtomic(path.join(tmp, artifact.path.slice(output.engine.length + 1)), artifact.content);
      }
    });
  }
  // The fingerprint covers every engine's output on disk, also those not re-run this time.
  const fingerprint = fingerprintArtifacts(tenant.id, await artifactsOnDisk(layout.root, allEngines));
  // Engines not re-run this time keep the resource counts of their last synth.
  const allResources = { ...(previous?.resources ?? {}), ...resources };
  await writeFileAtomic(layout.fingerprintFile, `${JSON.stringify({ ...fingerprint, resources: allResources }, null, 2)}\n`);
  if (check?.reportJson) await writeFileAtomic(layout.findingsFile, check.reportJson);
  await rm(layout.rejectedFindingsFile, { force: true });
  const outcome: TenantSynthOutcome = { tenant, state: 'synthesized', resources: allResources, fingerprint, check, seconds: elapsed() };
  await options.record?.(outcome);
  const state: SynthState = {
    inputs,
    engines: options.engines,
    resources: allResources,
    fingerprint: fingerprint.fingerprint,
    check: check && { ...check, reportJson: undefined },
    findingsSha256: check?.reportJson ? sha256Hex(check.reportJson) : null,
  };
  await writeFileAtomic(layout.synthStateFile, `${JSON.stringify(state, null, 2)}\n`);
  return outcome;
}

/** Whether a file has the given hash (or, for null, whether nothing was expected). */
function fileHashIs(file: string, sha256: string | null | undefined): boolean {
  if (!sha256) return sha256 === null;
  return existsSync(file) && sha256Hex(readFileSync(file)) === sha256;
}
