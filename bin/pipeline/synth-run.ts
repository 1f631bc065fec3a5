import path from 'node:path';
import { replaceDirectory, writeFileAtomic } from '../../common/atomic-write.ts';
import { ENGINE_NAMES, type EngineName } from '../../stacks/engine.ts';
import type { LoadedPlan } from '../../tenancy/index.ts';
import { PLATFORM_DIR } from '../../common/build-layout.ts';
import { parseEngineOption } from './engines.ts';
import { synthesizeTenant, type CheckHook, type TenantSynthOutcome } from './synthesize-tenants.ts';
import { renderTable, seconds } from './table.ts';

export interface SynthRun {
  readonly outcomes: readonly TenantSynthOutcome[];
  readonly engines: readonly EngineName[];
  readonly buildDir: string;
  readonly seconds: number;
  readonly failed: boolean;
}

export interface SynthRunOptions {
  readonly buildDir: string;
  readonly engineOption: string;
  readonly force: boolean;
  readonly check?: CheckHook;
  readonly progress?: (line: string) => void;
}

/** The organisation-level stack (SCP) is written once per run, beside the tenants. */
async function writePlatform(plans: readonly LoadedPlan[], buildDir: string): Promise<void> {
  const { synthesizeAwsPlatform } = await import('../../stacks/aws/index.ts');
  const artifacts = await synthesizeAwsPlatform(plans.map((p) => p.tenant));
  await replaceDirectory(path.join(buildDir, PLATFORM_DIR, 'aws'), async (tmp) => {
    for (const artifact of artifacts) await writeFileAtomic(path.join(tmp, artifact.path.replace(/^platform\/aws\//, '')), artifact.content);
  });
}

export async function synthesizeAll(plans: readonly LoadedPlan[], options: SynthRunOptions): Promise<SynthRun> {
  const started = performance.now();
  const engines = parseEngineOption(options.engineOption);
  const outcomes: TenantSynthOutcome[] = [];
  for (const plan of plans) {
    options.progress?.(`synth ${plan.tenant.id} …`);
    outcomes.push(await synthesizeTenant(plan, { buildDir: options.buildDir, engines, force: options.force, ...(options.check ? { check: options.check } : {}) }, ENGINE_NAMES));
  }
  if (engines.includes('aws') && outcomes.some((o) => o.state === 'synthesized')) await writePlatform(plans, options.buildDir);
  return {
    outcomes,
    engines,
    buildDir: options.buildDir,
    seconds: (performance.now() - started) / 1000,
    failed: outcomes.some((o) => o.state === 'rejected'),
  };
}

export function printSynthSummary(run: SynthRun, out: NodeJS.WritableStream = process.stdout): void {
  const rows = run.outcomes.map((o) => [
    o.tenant.id,
    o.state,
    ...run.engines.map((e) => String(o.resources[e] ?? '-')),
    o.check ? `${o.check.errors}E ${o.check.warnings}W` : '-',
    o.fingerprint ? o.fingerprint.fingerprint.slice(0, 12) : '-',
    seconds(o.seconds),
  ]);
  out.write(`${renderTable(['tenant', 'state', ...run.engines.map((e) => `${e} res.`), 'findings', 'fingerprint', 's'], rows)}\n`);
  for (const o of run.outcomes.filter((x) => x.state === 'rejected')) {
    out.write(`\n${o.tenant.id}: not written, guardrail errors:\n${o.check!.errorLines.join('\n')}\n`);
  }
  const total = run.outcomes.reduce((n, o) => n + Object.values(o.resources).reduce((a, b) => a + (b ?? 0), 0), 0);
  out.write(`\n${run.outcomes.length} tenant(s), ${total} resources, ${seconds(run.seconds)} s → ${path.relative(process.cwd(), run.buildDir) || '.'}\n`);
}
