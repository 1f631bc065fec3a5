import { tenantLayout } from '../../common/build-layout.ts';
import { ENGINE_NAMES, type EngineName } from '../../stacks/engine.ts';
import { compareFingerprints, fingerprintArtifacts } from '../../stacks/fingerprint.ts';
import type { LoadedPlan } from '../../tenancy/index.ts';
import { CliError } from '../cli-error.ts';
import { changedOnDisk, runEngines, readRecordedFingerprint } from './synthesize-tenants.ts';

/**
 * Checks a tenant's environment two ways against the fingerprint recorded at its last synth: the
 * files in build/<id>/ must still be those bytes (a hand edit shows), and a fresh synthesis of the
 * plan must give them again (a change of plan, profile or code shows). 0 when both hold, 1 naming
 * every drifted file otherwise.
 */
export async function verifyTenant(plan: LoadedPlan, buildDir: string): Promise<number> {
  const id = plan.tenant.id;
  const recorded = readRecordedFingerprint(buildDir, id);
  if (!recorded) throw new CliError(`${id}: no recorded fingerprint under ${buildDir}; run \`sandbox synth --tenant ${id}\` first`);
  const root = tenantLayout(buildDir, id).root;
  const editedOnDisk = changedOnDisk(root, recorded.files);
  // Only the engines the recorded fingerprint covers: after `synth --engine aws` the others are not drift.
  const engines = ENGINE_NAMES.filter((engine) => Object.keys(recorded.files).some((rel) => rel.startsWith(`${engine}/`))) as EngineName[];
  const current = fingerprintArtifacts(id, (await runEngines(plan.tenant, engines)).flatMap((o) => o.artifacts));
  const drift = compareFingerprints(recorded, current);
  if (editedOnDisk.length === 0 && current.fingerprint === recorded.fingerprint) {
    process.stdout.write(`${id}: same environment (${current.fingerprint})\n`);
    return 0;
  }
  const lines = [
    `${id}: drifted from the recorded fingerprint ${recorded.fingerprint}`,
    ...editedOnDisk.map((p) => `  edited on disk     ${p}`),
    ...(current.fingerprint === recorded.fingerprint ? [] : [`  a fresh synthesis gives ${current.fingerprint}:`]),
    ...drift.changed.map((p) => `  changed  ${p}`),
    ...drift.added.map((p) => `  added    ${p}`),
    ...drift.removed.map((p) => `  removed  ${p}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 1;
}
