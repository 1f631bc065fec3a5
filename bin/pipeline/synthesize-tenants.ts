import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { replaceDirectory, writeFileAtomic } from '../../common/atomic-write.ts';
import { sha256Hex } from '../../common/sha256.ts';
import { z } from 'zod';
import { ENGINE_NAMES, isWorkingFile, type Artifact, type EngineName, type EngineOutput } from '../../stacks/engine.ts';
import { fingerprintArtifacts, type EnvironmentFingerprint } from '../../stacks/fingerprint.ts';
import type { LoadedPlan, Tenant } from '../../tenancy/index.ts';
import { tenantLayout } from '../../common/build-layout.ts';
import { loadEngine } from './engines.ts';
import { codeDigest } from './input-digest.ts';
import { CliError } from '../cli-error.ts';
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
  /** Plan, profile, code and check inputs (not the engines): see inputsDigest. */
  readonly inputs: string;
  /** The engines whose output is on disk, all from these inputs. */
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

/** Everything a tenant's synthesized output depends on but the choice of engines, as one hash. */
function inputsDigest(plan: LoadedPlan, check: CheckHook | undefined): string {
  return sha256Hex(JSON.stringify({ plan: plan.sha256, code: codeDigest(), check: check?.cacheKeyFor(plan.tenant.id) ?? null }));
}

async function readState(file: string): Promise<SynthState | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SynthState;
  } catch {
    return null;
  }
}

const RecordedFingerprint = z.object({
  tenant: z.string(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex')).superRefine((files, ctx) => {
    for (const rel of Object.keys(files)) {
      if (!ENGINE_NAMES.some((e) => rel.startsWith(`${e}/`)) || rel.split('/').includes('..')) {
        ctx.addIssue({ code: 'custom', path: [rel], message: 'must be a path inside an engine folder (aws/, terraform/, kubernetes/)' });
      }
    }
  }),
});

/**
 * The fingerprint recorded at the last synth, or null when there is none. A file that is there but
 * not a fingerprint is an error naming the file and field: it must not pass for "never synthesized".
 */
export function readRecordedFingerprint(buildDir: string, tenantId: string): EnvironmentFingerprint | null {
  const file = tenantLayout(buildDir, tenantId).fingerprintFile;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`${file}: cannot be read (${(error as Error).message})`, 2);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not JSON (${(error as Error).message}); delete it and run \`sandbox synth\` again`, 2);
  }
  const parsed = RecordedFingerprint.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CliError(`${file}: not a fingerprint this tool wrote; delete it and run \`sandbox synth\` again\n${lines.join('\n')}`, 2);
  }
  return parsed.data;
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

export async function synthesizeTenant(plan: LoadedPlan, options: SynthOptions): Promise<TenantSynthOutcome> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const { tenant } = plan;
  const layout = tenantLayout(options.buildDir, tenant.id);
  const inputs = inputsDigest(plan, options.check);
  const previous = await readState(layout.synthStateFile);
  const recorded = readRecordedFingerprint(options.buildDir, tenant.id);
  if (
    !options.force &&
    previous?.inputs === inputs &&
    options.engines.every((e) => previous.engines.includes(e)) &&
    recorded &&
    recorded.fingerprint === previous.fingerprint &&
    changedOnDisk(layout.root, recorded.files).length === 0 &&
    fileHashIs(layout.findingsFile, previous.findingsSha256)
  ) {
    return { tenant, state: 'unchanged', resources: previous.resources, fingerprint: recorded, check: previous.check, seconds: elapsed() };
  }

  // Every engine whose output is on disk runs again with the requested ones, so the fingerprint,
  // findings and counts always describe one plan's output, never a mix of an old and a new plan.
  const engines = ENGINE_NAMES.filter((e) => options.engines.includes(e) || existsSync(layout.engineDir(e)));
  const outputs = await runEngines(tenant, engines);
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
    await replaceDirectory(
      layout.engineDir(output.engine),
      async (tmp) => {
        for (const artifact of output.artifacts) {
          await writeFileAtomic(path.join(tmp, artifact.path.slice(output.engine.length + 1)), artifact.content);
        }
      },
      { keep: (name) => isWorkingFile(output.engine, name) },
    );
  }
  // Over the artifacts only: a deploy tool's working files beside them are no part of the environment.
  const fingerprint = fingerprintArtifacts(tenant.id, artifacts);
  await writeFileAtomic(layout.fingerprintFile, `${JSON.stringify({ ...fingerprint, resources }, null, 2)}\n`);
  if (check?.reportJson) await writeFileAtomic(layout.findingsFile, check.reportJson);
  await rm(layout.rejectedFindingsFile, { force: true });
  const outcome: TenantSynthOutcome = { tenant, state: 'synthesized', resources, fingerprint, check, seconds: elapsed() };
  await options.record?.(outcome);
  const state: SynthState = {
    inputs,
    engines,
    resources,
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
