import { readFileSync } from 'node:fs';
import path from 'node:path';
import { replaceDirectory, writeFileAtomic } from '../../common/atomic-write.ts';
import { PLATFORM_DIR } from '../../common/build-layout.ts';
import { sha256Hex } from '../../common/sha256.ts';
import { ENGINE_NAMES, type Artifact, type EngineName } from '../../stacks/engine.ts';
import { CliError } from '../cli-error.ts';
import type { LoadedPlan } from '../../tenancy/index.ts';
import { parseEngineOption } from './engines.ts';
import { codeDigest } from './input-digest.ts';
import { changedOnDisk, synthesizeTenant, type CheckHook, type TenantSynthOutcome } from './synthesize-tenants.ts';
import { renderTable, seconds } from './table.ts';

export interface SynthRun {
  readonly outcomes: readonly TenantSynthOutcome[];
  readonly engines: readonly EngineName[];
  readonly buildDir: string;
  readonly platform: PlatformOutcome | null;
  readonly seconds: number;
  readonly failed: boolean;
}

export interface SynthRunOptions {
  readonly buildDir: string;
  readonly engineOption: string;
  readonly force: boolean;
  readonly check?: CheckHook;
  readonly record?: (outcome: TenantSynthOutcome) => Promise<void>;
  readonly progress?: (line: string) => void;
  /** Also bring the platform stack up to date (default: when the AWS engine runs). */
  readonly platform?: boolean;
}

export interface PlatformOutcome {
  readonly state: 'synthesized' | 'unchanged';
  readonly files: readonly string[];
}

/**
 * The organisation-level stack (the SCP over every tenant's region and stores): written once per
 * run, and only when the tenants it covers or the code changed, or its files are gone.
 */
export async function ensurePlatform(plans: readonly LoadedPlan[], buildDir: string, force: boolean): Promise<PlatformOutcome> {
  const dir = path.join(buildDir, PLATFORM_DIR, 'aws');
  const stateFile = path.join(buildDir, PLATFORM_DIR, '.synth-state.json');
  const covered = plans.map((p) => `${p.tenant.id}|${p.tenant.region}|${p.tenant.status}`).sort();
  const inputs = sha256Hex(JSON.stringify({ code: codeDigest(), covered }));
  let previous: { inputs: string; files: Record<string, string> } | null = null;
  try {
    previous = JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    previous = null;
  }
  if (!force && previous?.inputs === inputs && changedOnDisk(dir, previous.files).length === 0) return { state: 'unchanged', files: Object.keys(previous.files) };

  const { synthesizeAwsPlatform } = await import('../../stacks/aws/index.ts');
  const artifacts = await synthesizeAwsPlatform(plans.map((p) => p.tenant));
  await checkPlatform(artifacts, plans);
  const files: Record<string, string> = {};
  await replaceDirectory(dir, async (tmp) => {
    for (const artifact of artifacts) {
      const name = artifact.path.replace(/^platform\/aws\//, '');
      files[name] = sha256Hex(artifact.content);
      await writeFileAtomic(path.join(tmp, name), artifact.content);
    }
  });
  await writeFileAtomic(stateFile, `${JSON.stringify({ inputs, files }, null, 2)}\n`);
  return { state: 'synthesized', files: Object.keys(files) };
}

/** The organisation stack passes the same catalog as the tenants before it is written, or nothing is. */
export async function checkPlatform(artifacts: readonly Artifact[], plans: readonly LoadedPlan[]): Promise<void> {
  const [{ checkArtifacts, knownTenants }, { formatFinding }] = await Promise.all([import('../../policies/index.ts'), import('../../policies/adapters/synth-check.ts')]);
  const templates = artifacts.filter((a) => a.path.endsWith('.template.json')).map((a) => ({ path: a.path, content: a.content }));
  const result = checkArtifacts(templates, { tenants: knownTenants(plans.map((p) => p.tenant)) });
  const errors = [...result.problems.map((p) => `error ${p.file}: ${p.message}`), ...result.findings.filter((f) => f.severity === 'error' && !f.waiver).map(formatFinding)];
  if (errors.length > 0) throw new CliError([`${PLATFORM_DIR}/aws: not written, guardrail errors:`, ...errors].join('\n'));
}

export async function synthesizeAll(plans: readonly LoadedPlan[], options: SynthRunOptions): Promise<SynthRun> {
  const started = performance.now();
  const engines = parseEngineOption(options.engineOption);
  const outcomes: TenantSynthOutcome[] = [];
  for (const plan of plans) {
    options.progress?.(`synth ${plan.tenant.id} …`);
    outcomes.push(
      await synthesizeTenant(
        plan,
        { buildDir: options.buildDir, engines, force: options.force, ...(options.check ? { check: options.check } : {}), ...(options.record ? { record: options.record } : {}) },
      ),
    );
  }
  const platform = (options.platform ?? engines.includes('aws')) ? await ensurePlatform(plans, options.buildDir, options.force) : null;
  return {
    outcomes,
    engines,
    buildDir: options.buildDir,
    platform,
    seconds: (performance.now() - started) / 1000,
    failed: outcomes.some((o) => o.state === 'rejected'),
  };
}

/** Deployable units per tenant: one CloudFormation stack, one Terraform root module, one namespace. */
export const STACKS_PER_ENGINE: Readonly<Record<EngineName, string>> = { aws: 'CloudFormation', terraform: 'Terraform', kubernetes: 'Kubernetes' };

export function printSynthSummary(run: SynthRun, out: NodeJS.WritableStream = process.stdout): void {
  // The engines whose output each tenant has: those asked for, and those already on disk (re-run with them).
  const engines = ENGINE_NAMES.filter((e) => run.engines.includes(e) || run.outcomes.some((o) => o.resources[e] !== undefined));
  const rows = run.outcomes.map((o) => [
    o.tenant.id,
    o.state,
    ...engines.map((e) => String(o.resources[e] ?? '-')),
    o.check ? `${o.check.errors}E ${o.check.warnings}W` : '-',
    o.fingerprint ? o.fingerprint.fingerprint.slice(0, 12) : '-',
    seconds(o.seconds),
  ]);
  out.write(`${renderTable(['tenant', 'state', ...engines.map((e) => `${e} res.`), 'findings', 'fingerprint', 's'], rows)}\n`);
  for (const o of run.outcomes.filter((x) => x.state === 'rejected')) {
    out.write(`\n${o.tenant.id}: not written, guardrail errors:\n${o.check!.errorLines.join('\n')}\n`);
  }
  const written = run.outcomes.filter((o) => o.fingerprint);
  if (written.length > 0) out.write(`\nenvironment fingerprints (build/<id>/fingerprint.json):\n${written.map((o) => `  ${o.fingerprint!.fingerprint}  ${o.tenant.id}`).join('\n')}\n`);
  const total = run.outcomes.reduce((n, o) => n + Object.values(o.resources).reduce((a, b) => a + (b ?? 0), 0), 0);
  const stacks = [...engines.map((e) => `${run.outcomes.filter((o) => o.resources[e] !== undefined).length} ${STACKS_PER_ENGINE[e]}`), ...(run.platform ? ['1 platform'] : [])];
  const where = path.relative(process.cwd(), run.buildDir) || '.';
  out.write(`\n${run.outcomes.length} tenant(s), ${stacks.join(' + ')} stack(s), ${total} resources, ${seconds(run.seconds)} s → ${where}\n`);
}
