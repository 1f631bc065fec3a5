import { ENGINE_NAMES } from '../../stacks/engine.ts';
import { compareFingerprints, fingerprintArtifacts } from '../../stacks/fingerprint.ts';
import type { LoadedPlan } from '../../tenancy/index.ts';
import { CliError } from '../cli-error.ts';
import { runEngines, readRecordedFingerprint } from './synthesize-tenants.ts';

/**
 * Rebuilds a tenant in memory and compares it with the fingerprint recorded at its last synth:
 * 0 when the environment would be byte-identical, 1 (naming the files) when it drifted.
 */
export async function verifyTenant(plan: LoadedPlan, buildDir: string): Promise<number> {
  const recorded = readRecordedFingerprint(buildDir, plan.tenant.id);
  if (!recorded) throw new CliError(`${plan.tenant.id}: no recorded fingerprint under ${buildDir}; run \`sandbox synth --tenant ${plan.tenant.id}\` first`);
  const outputs = await runEngines(plan.tenant, ENGINE_NAMES);
  const current = fingerprintArtifacts(plan.tenant.id, outputs.flatMap((o) => o.artifacts));
  if (current.fingerprint === recorded.fingerprint) {
    process.stdout.write(`${plan.tenant.id}: same environment (${current.fingerprint})\n`);
    return 0;
  }
  const drift = compareFingerprints(recorded, current);
  const lines = [
    `${plan.tenant.id}: drifted: recorded ${recorded.fingerprint}, now ${current.fingerprint}`,
    ...drift.changed.map((p) => `  changed  ${p}`),
    ...drift.added.map((p) => `  added    ${p}`),
    ...drift.removed.map((p) => `  removed  ${p}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 1;
}
