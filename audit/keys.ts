import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../common/sha256.ts';
import { canonicalJson } from './canonical-json.ts';
import { writeFileDurable } from './durable-file.ts';
import { LedgerAccessError, LedgerStateError } from './errors.ts';
import { LEDGER_KEY_ENV, PUBLIC_KEY_FILE, privateKeyPath } from './layout.ts';

/**
 * One Ed25519 key pair per ledger. The private key never leaves the machine that appends; the
 * public key is published beside the ledger (and out of band) so that a supervisor can verify a
 * copy without trusting the platform.
 */

export const SIGNATURE_ALGORITHM = 'Ed25519';

export interface PublicKeyInfo {
  readonly key: KeyObject;
  readonly pem: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER, in hex: names the key inside signed records. */
  readonly keyId: string;
}

export interface SigningKeys extends PublicKeyInfo {
  readonly privateKey: KeyObject;
}

/**
 * Every signature covers canonical JSON that names its purpose, so that a signature made for one
 * kind of record (a head, a checkpoint, a report) can never be replayed as another.
 */
export const SIGNING_PURPOSES = {
  head: 'sandbox-ledger-head/v1',
  checkpoint: 'sandbox-ledger-checkpoint/v1',
  json: 'sandbox-signed-json/v1',
} as const;
export type SigningPurpose = (typeof SIGNING_PURPOSES)[keyof typeof SIGNING_PURPOSES];

function signedBytes(purpose: SigningPurpose, fields: Record<string, unknown>): Buffer {
  return Buffer.from(canonicalJson({ ...fields, purpose }));
}

export function signFields(keys: SigningKeys, purpose: SigningPurpose, fields: Record<string, unknown>): string {
  return sign(null, signedBytes(purpose, fields), keys.privateKey).toString('base64');
}

export function verifyFields(publicKey: KeyObject, purpose: SigningPurpose, fields: Record<string, unknown>, signature: string): boolean {
  try {
    return verify(null, signedBytes(purpose, fields), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export function publicKeyFromPem(pem: string, where: string): PublicKeyInfo {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new LedgerAccessError(`${where} is not a PEM public key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new LedgerAccessError(`${where} holds a ${key.asymmetricKeyType} key; the ledger uses Ed25519`);
  return { key, pem: key.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(key) };
}

export async function readPublicKey(file: string): Promise<PublicKeyInfo> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LedgerAccessError(code === 'ENOENT' ? `public key ${file} does not exist` : `public key ${file} cannot be read (${code})`);
  }
  return publicKeyFromPem(pem, file);
}

function keyIdOf(key: KeyObject): string {
  return sha256Hex(key.export({ type: 'spki', format: 'der' }));
}

/**
 * Loads the ledger's private key, or creates the pair for a brand-new ledger. The caller holds the
 * ledger lock, so two processes never race to create different keys.
 */
export async function loadSigningKeys(dir: string, options: { mayCreate: boolean }): Promise<SigningKeys> {
  const keyFile = privateKeyPath(dir);
  const pubFile = path.join(dir, PUBLIC_KEY_FILE);
  const pem = await readPrivateKeyPem(keyFile);
  if (pem === undefined) {
    if (!options.mayCreate) {
      throw new LedgerStateError(`the ledger in ${dir} already holds events but its private key ${keyFile} is missing: restore it (or point ${LEDGER_KEY_ENV} at it) to append`);
    }
    if ((await readOptional(pubFile)) !== undefined) {
      throw new LedgerStateError(`${pubFile} exists but its private key ${keyFile} does not: restore the key, or remove the stale public key to start a new ledger`);
    }
    const pair = generateKeyPairSync('ed25519');
    await mkdir(path.dirname(keyFile), { recursive: true });
    await writeFileDurable(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), 0o600);
    const info = publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(), pubFile);
    await writeFileDurable(pubFile, info.pem);
    return { ...info, privateKey: pair.privateKey };
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new LedgerStateError(`${keyFile} is not a PEM private key (${(error as Error).message})`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new LedgerStateError(`${keyFile} holds a ${privateKey.asymmetricKeyType} key; the ledger uses Ed25519`);
  const info = publicKeyFromPem(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(), keyFile);
  const published = await readOptional(pubFile);
  if (published === undefined) {
    await writeFileDurable(pubFile, info.pem);
  } else if (publicKeyFromPem(published, pubFile).keyId !== info.keyId) {
    throw new LedgerStateError(`${pubFile} does not belong to the private key ${keyFile}: the ledger would sign with a key nobody can verify`);
  }
  return { ...info, privateKey };
}

async function readPrivateKeyPem(file: string): Promise<string | undefined> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Like ssh: a signing key others can read proves nothing about who signed.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new LedgerStateError(`${file} is readable by others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${file}`);
  }
  return readFile(file, 'utf8');
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
