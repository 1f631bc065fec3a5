import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a ledger keeps what. A supervisor copies the whole directory except the private key:
 *
 *   <dir>/segments/000000000000.jsonl   events, one per line; a new segment starts after each seal
 *   <dir>/head.json                     the signed head (last seq + hash), rewritten on every append
 *   <dir>/ledger.pub                    the Ed25519 public key (SPKI PEM)
 *   <dir>/ledger.key                    the private key, mode 0600 (or at $SANDBOX_LEDGER_KEY)
 *   <dir>/ledger.lock                   present only while a process appends
 */

export const LEDGER_DIR_ENV = 'SANDBOX_LEDGER_DIR';
export const LEDGER_KEY_ENV = 'SANDBOX_LEDGER_KEY';

export const SEGMENTS_DIR = 'segments';
export const HEAD_FILE = 'head.json';
export const PUBLIC_KEY_FILE = 'ledger.pub';
export const PRIVATE_KEY_FILE = 'ledger.key';
export const LOCK_FILE = 'ledger.lock';

/** The project root, found from this file so that the default does not depend on the caller's cwd. */
const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

export function resolveLedgerDir(dir?: string): string {
  const chosen = dir ?? process.env[LEDGER_DIR_ENV];
  return chosen ? path.resolve(chosen) : path.join(PROJECT_ROOT, '.sandbox', 'ledger');
}

export function privateKeyPath(dir: string): string {
  const fromEnv = process.env[LEDGER_KEY_ENV];
  return fromEnv ? path.resolve(fromEnv) : path.join(dir, PRIVATE_KEY_FILE);
}

const SEGMENT_NAME = /^(\d{12})\.jsonl$/;

export function segmentFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(12, '0')}.jsonl`;
}

export interface SegmentFile {
  readonly name: string;
  readonly path: string;
  /** The seq of the segment's first event, from its name. */
  readonly firstSeq: number;
}

/** The segment files in order, and any other names found among them (verify warns about those). */
export async function listSegments(dir: string): Promise<{ segments: SegmentFile[]; strays: string[] }> {
  const segmentsDir = path.join(dir, SEGMENTS_DIR);
  let names: string[];
  try {
    names = await readdir(segmentsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { segments: [], strays: [] };
    throw error;
  }
  const segments: SegmentFile[] = [];
  const strays: string[] = [];
  for (const name of names) {
    const match = SEGMENT_NAME.exec(name);
    if (match) segments.push({ name, path: path.join(segmentsDir, name), firstSeq: Number(match[1]) });
    else strays.push(name);
  }
  segments.sort((a, b) => a.firstSeq - b.firstSeq);
  return { segments, strays: strays.sort() };
}

/** A ledger with neither a head nor a segment: the only state in which a new key may be made. */
export async function isFreshLedger(dir: string): Promise<boolean> {
  try {
    await access(path.join(dir, HEAD_FILE));
    return false;
  } catch {
    return (await listSegments(dir)).segments.length === 0;
  }
}
