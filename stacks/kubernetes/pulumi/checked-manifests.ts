import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { tenantLayout } from '../../../common/build-layout.ts';
import { sha256Hex } from '../../../common/sha256.ts';
import { TENANT_ID_PATTERN } from '../../../tenancy/index.ts';
import { fingerprintListing } from '../../fingerprint.ts';
import { MANIFESTS_PATH as MANIFESTS_FILE } from '../index.ts';
import type { KubernetesObject } from '../types.ts';
import { isKubernetesKind, validateManifest } from '../validate-manifests.ts';
import { configKey } from './config-keys.ts';

export interface CheckedManifests {
  readonly objects: readonly KubernetesObject[];
  /** The environment fingerprint synth printed (and recorded in the ledger) for this tenant. */
  readonly fingerprint: string;
  readonly manifestsSha256: string;
}

export type Checked<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly message: string };

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');
const RecordedFingerprint = z.object({ tenant: z.string(), fingerprint: Sha256, files: z.record(z.string(), Sha256) });

const NOTHING = 'nothing was deployed';

/**
 * The manifests `sandbox synth` wrote, checked, and only passed (the guardrail check refuses to
 * write anything with an error finding), for one tenant: build/<id>/kubernetes/manifests.yaml
 * whose bytes hash to what build/<id>/fingerprint.json records, so `pulumi up` deploys exactly
 * what synth printed and fingerprinted, never what a later plan, a later version of the code or a
 * hand edit would make of it. Returns a message naming the file and what to run instead of
 * throwing: the caller decides how Pulumi reports it.
 */
export function loadCheckedManifests(buildDir: string, tenantId: string): Checked<CheckedManifests> {
  const fail = (message: string) => ({ ok: false, message }) as const;
  if (!TENANT_ID_PATTERN.test(tenantId)) return fail(`config ${configKey('tenant')}: "${tenantId}" is not a tenant id (must match ${TENANT_ID_PATTERN.source})`);
  const layout = tenantLayout(buildDir, tenantId);
  const synth = `run \`npx sandbox synth --tenant ${tenantId} --out ${buildDir}\``;

  let recordedText: string;
  try {
    recordedText = readFileSync(layout.fingerprintFile, 'utf8');
  } catch {
    return fail(`${layout.fingerprintFile} cannot be read: tenant ${tenantId} has not been synthesized into ${buildDir} (config ${configKey('buildDir')}); ${synth} first; ${NOTHING}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(recordedText);
  } catch (error) {
    return fail(`${layout.fingerprintFile}: not JSON (${(error as Error).message}); ${synth} again; ${NOTHING}`);
  }
  const parsed = RecordedFingerprint.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return fail(`${layout.fingerprintFile}: not a fingerprint sandbox synth wrote (${fields}); ${synth} again; ${NOTHING}`);
  }
  const recorded = parsed.data;
  if (recorded.tenant !== tenantId) return fail(`${layout.fingerprintFile} is the fingerprint of tenant ${recorded.tenant}, not ${tenantId}; ${NOTHING}`);
  if (sha256Hex(fingerprintListing(recorded.files)) !== recorded.fingerprint) {
    return fail(`${layout.fingerprintFile}: its files do not hash to its fingerprint ${recorded.fingerprint}: it was edited after synth; ${synth} again; ${NOTHING}`);
  }
  const expected = recorded.files[MANIFESTS_FILE];
  if (expected === undefined) {
    return fail(`${layout.fingerprintFile} records no ${MANIFESTS_FILE}: the last synth of ${tenantId} did not run the Kubernetes engine; ${synth} --engine kubernetes (or all); ${NOTHING}`);
  }
  if (existsSync(layout.rejectedFindingsFile)) {
    return fail(
      `the last synth of ${tenantId} was refused by the guardrails (${layout.rejectedFindingsFile}), so ${MANIFESTS_FILE} is from an earlier plan or code. ` +
        `Fix what the findings name and ${synth} again, or, to deploy the earlier checked manifests on purpose, delete that file; ${NOTHING}`,
    );
  }

  const file = path.join(layout.root, MANIFESTS_FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return fail(`${file} cannot be read although ${layout.fingerprintFile} records it; ${synth} again; ${NOTHING}`);
  }
  const actual = sha256Hex(bytes);
  if (actual !== expected) {
    return fail(
      `${file} is not the file synth checked and fingerprinted (sha256 ${actual}, fingerprint.json records ${expected}): it was edited or replaced after synth. ` +
        `See what changed with \`npx sandbox verify ${tenantId} --out ${buildDir}\`, then ${synth} again; ${NOTHING}`,
    );
  }

  const objects = parseManifests(bytes.toString('utf8'), file);
  if (!objects.ok) return objects;
  return { ok: true, objects: objects.objects, fingerprint: recorded.fingerprint, manifestsSha256: actual };
}

/** The objects of a manifests file: its documents, or the items of the empty List an exited tenant's file holds. */
function parseManifests(text: string, file: string): Checked<{ objects: KubernetesObject[] }> {
  const documents = parseAllDocuments(text);
  const objects: unknown[] = [];
  for (const [i, document] of (Array.isArray(documents) ? documents : [documents]).entries()) {
    if (document.errors.length > 0) return { ok: false, message: `${file}: document ${i + 1} is not YAML (${document.errors[0]!.message}); ${NOTHING}` };
    const value = document.toJS() as { kind?: unknown; items?: unknown } | null;
    if (value === null) continue;
    if (value.kind === 'List' && Array.isArray(value.items)) objects.push(...value.items);
    else objects.push(value);
  }
  for (const object of objects) {
    const kind = (object as { kind?: unknown }).kind;
    if (!isKubernetesKind(kind)) return { ok: false, message: `${file}: holds a ${String(kind)}, which the Kubernetes engine never writes; ${NOTHING}` };
    try {
      validateManifest(object as KubernetesObject);
    } catch (error) {
      return { ok: false, message: `${file}: ${(error as Error).message}; ${NOTHING}` };
    }
  }
  return { ok: true, objects: objects as KubernetesObject[] };
}
