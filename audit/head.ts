import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurable } from './durable-file.ts';
import { HEAD_FILE } from './layout.ts';
import { SIGNING_PURPOSES, signFields, verifyFields, type PublicKeyInfo, type SigningKeys } from './keys.ts';

/**
 * The signed head: where the ledger ends, signed, so that cutting whole lines off the end (which
 * leaves a perfectly valid chain) is detected.
 *
 * An append writes the head twice: first `appending` (the new end, plus the `previous` end it
 * starts from), then the events, then `committed`. A crash can therefore leave the events anywhere
 * between `previous` and `seq`, and only while the head says `appending`; a committed head must
 * match the last event exactly. Nobody without the key can turn a committed head back into an
 * appending one, so truncating acknowledged events is always detected.
 */

export const HEAD_STATES = ['appending', 'committed'] as const;
export type HeadState = (typeof HEAD_STATES)[number];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const position = z.strictObject({ seq: z.number().int().nonnegative(), hash: hex64 });

const headSchema = z.strictObject({
  state: z.enum(HEAD_STATES),
  seq: z.number().int().nonnegative(),
  hash: hex64,
  previous: position.nullable(),
  keyId: hex64,
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
});

export interface HeadPosition {
  readonly seq: number;
  readonly hash: string;
}

export type SignedHead = z.infer<typeof headSchema>;
export type UnsignedHead = Omit<SignedHead, 'keyId' | 'signature'>;

export type HeadRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'ok'; readonly head: SignedHead; readonly text: string };

export function headPath(dir: string): string {
  return path.join(dir, HEAD_FILE);
}

export async function readHead(dir: string): Promise<HeadRead> {
  let text: string;
  try {
    text = await readFile(headPath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', message: `${HEAD_FILE} is not JSON (${(error as Error).message})` };
  }
  const parsed = headSchema.safeParse(data);
  if (!parsed.success) {
    return { kind: 'invalid', message: `${HEAD_FILE} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(head)'}: ${i.message}`).join('; ')}` };
  }
  return { kind: 'ok', head: parsed.data, text };
}

function signedFields(head: Omit<SignedHead, 'signature'>): Record<string, unknown> {
  return { state: head.state, seq: head.seq, hash: head.hash, previous: head.previous, keyId: head.keyId };
}

export function headSignatureValid(head: SignedHead, key: PublicKeyInfo): boolean {
  return head.keyId === key.keyId && verifyFields(key.key, SIGNING_PURPOSES.head, signedFields(head), head.signature);
}

/** Signs and durably writes the head; returns the exact text written (the writer's cache key). */
export async function writeHead(dir: string, unsigned: UnsignedHead, keys: SigningKeys): Promise<string> {
  const withKey = { ...unsigned, keyId: keys.keyId };
  const head: SignedHead = { ...withKey, signature: signFields(keys, SIGNING_PURPOSES.head, signedFields(withKey)) };
  const text = `${JSON.stringify(head, null, 2)}\n`;
  await writeFileDurable(headPath(dir), text);
  return text;
}
