import path from 'node:path';
import { LedgerAccessError } from './errors.ts';
import { loadSigningKeys, publicKeyFromPem, readPublicKey, SIGNATURE_ALGORITHM, SIGNING_PURPOSES, signFields, verifyFields } from './keys.ts';
import { isFreshLedger, PUBLIC_KEY_FILE, resolveLedgerDir } from './layout.ts';
import { DEFAULT_LOCK_STALE_MS, withLedgerLock } from './lock.ts';

/**
 * Signs any JSON document (the evidence and exit reports) with the ledger's key, so a supervisor
 * checks reports and ledger against one published public key. The signature covers the RFC 8785
 * canonical JSON of `{ "payload": <payload>, "purpose": "sandbox-signed-json/v1" }`.
 */

export interface SignedJson<T = unknown> {
  readonly payload: T;
  /** Base64 Ed25519 signature. */
  readonly signature: string;
  /** SPKI PEM of the signing key (informative: verify against a key you trust). */
  readonly publicKey: string;
  readonly keyId: string;
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
}

export async function signJson<T>(dir: string | undefined, payload: T): Promise<SignedJson<T>> {
  const ledgerDir = resolveLedgerDir(dir);
  // Under the ledger lock, so that a first signature and a first append never make two keys.
  const keys = await withLedgerLock(ledgerDir, DEFAULT_LOCK_STALE_MS, async () => loadSigningKeys(ledgerDir, { mayCreate: await isFreshLedger(ledgerDir) }));
  return {
    payload,
    signature: signFields(keys, SIGNING_PURPOSES.json, { payload }),
    publicKey: keys.pem,
    keyId: keys.keyId,
    algorithm: SIGNATURE_ALGORITHM,
  };
}

export interface SignedJsonCheck {
  readonly ok: boolean;
  readonly problem?: string;
}

/** Checks a signed document against a trusted public key: a file, or the ledger's `ledger.pub`. */
export async function verifySignedJson(signed: SignedJson, trust: { readonly publicKeyPath?: string; readonly dir?: string } = {}): Promise<SignedJsonCheck> {
  const key = await readPublicKey(trust.publicKeyPath ?? path.join(resolveLedgerDir(trust.dir), PUBLIC_KEY_FILE));
  if (signed.algorithm !== SIGNATURE_ALGORITHM) return { ok: false, problem: `algorithm is ${String(signed.algorithm)}, expected ${SIGNATURE_ALGORITHM}` };
  let embedded: string;
  try {
    embedded = publicKeyFromPem(signed.publicKey, 'the document’s publicKey').keyId;
  } catch (error) {
    if (error instanceof LedgerAccessError) return { ok: false, problem: error.message };
    throw error;
  }
  if (embedded !== key.keyId || signed.keyId !== key.keyId) return { ok: false, problem: `signed by key ${signed.keyId.slice(0, 16)}…, not by the trusted key ${key.keyId.slice(0, 16)}…` };
  if (!verifyFields(key.key, SIGNING_PURPOSES.json, { payload: signed.payload }, signed.signature)) {
    return { ok: false, problem: 'the signature does not match the payload' };
  }
  return { ok: true };
}
