import * as crypto from 'node:crypto';
import { sha256Hex } from '../common/sha256.ts';

/**
 * SHA-256 in hex through Node's one-shot crypto.hash (Node >= 20.12), which costs a third of a
 * createHash round trip on the short strings of event lines; older Node 20 falls back.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array) => string }).hash;

export const sha256 = typeof oneShot === 'function' ? (data: string | Uint8Array): string => oneShot('sha256', data) : sha256Hex;
