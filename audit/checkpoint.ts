import { z } from 'zod';
import type { EventSource, LedgerEvent } from './event.ts';
import { SIGNING_PURPOSES, signFields, verifyFields, type PublicKeyInfo, type SigningKeys } from './keys.ts';

/**
 * A `ledger.checkpoint` event seals the event before it: it carries that event's seq and hash and
 * an Ed25519 signature over them. Checkpoints come every N events, after every `tenant.exited`,
 * on demand (the exit workflow) and at every seal, which closes a segment with one. A sealed
 * segment therefore proves its own history up to its last event with nothing but the public key.
 */

export const CHECKPOINT_REASONS = ['interval', 'tenant-exit', 'on-demand', 'seal'] as const;
export type CheckpointReason = (typeof CHECKPOINT_REASONS)[number];

export const DEFAULT_CHECKPOINT_INTERVAL = 1000;

/** What the ledger's own events name as their source. */
export const LEDGER_SOURCE: EventSource = { system: 'sandbox-ledger', version: '1' };

/** Interval checkpoints sit at fixed positions (seq N-1, 2N-1, …), so no state is needed to place them. */
export function isCheckpointSlot(seq: number, interval: number): boolean {
  return (seq + 1) % interval === 0;
}

export function checkpointEvent(args: {
  readonly seq: number;
  readonly prev: string;
  readonly time: string;
  readonly tenant: string;
  readonly reason: CheckpointReason;
  readonly keys: SigningKeys;
}): Omit<LedgerEvent, 'hash'> {
  const sealed = { seq: args.seq - 1, hash: args.prev };
  return {
    actor: { id: 'svc:ledger' },
    details: {
      keyId: args.keys.keyId,
      reason: args.reason,
      sealedHash: sealed.hash,
      sealedSeq: sealed.seq,
      signature: signFields(args.keys, SIGNING_PURPOSES.checkpoint, sealed),
    },
    outcome: 'success',
    prev: args.prev,
    seq: args.seq,
    source: LEDGER_SOURCE,
    tenant: args.tenant,
    time: args.time,
    type: 'ledger.checkpoint',
  };
}

const checkpointDetails = z.looseObject({
  reason: z.string(),
  sealedSeq: z.number().int(),
  sealedHash: z.string(),
  keyId: z.string(),
  signature: z.string(),
});

export function isSealCheckpoint(event: Pick<LedgerEvent, 'type' | 'details'>): boolean {
  return event.type === 'ledger.checkpoint' && event.details?.reason === 'seal';
}

export interface CheckpointProblem {
  readonly problem: 'checkpoint' | 'signature';
  readonly message: string;
}

/** Checks a checkpoint event whose own hash and chain link were already checked. */
export function checkCheckpoint(event: LedgerEvent, key: PublicKeyInfo): CheckpointProblem | undefined {
  const parsed = checkpointDetails.safeParse(event.details);
  if (!parsed.success) {
    return { problem: 'checkpoint', message: `checkpoint details must carry reason, sealedSeq, sealedHash, keyId and signature (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})` };
  }
  const d = parsed.data;
  if (d.sealedSeq !== event.seq - 1 || d.sealedHash !== event.prev) {
    return { problem: 'checkpoint', message: `the checkpoint seals seq ${d.sealedSeq} (${d.sealedHash.slice(0, 12)}…) but follows seq ${event.seq - 1} (${event.prev.slice(0, 12)}…)` };
  }
  if (d.keyId !== key.keyId) {
    return { problem: 'signature', message: `the checkpoint is signed by key ${d.keyId.slice(0, 16)}…, not by the verifying key ${key.keyId.slice(0, 16)}…` };
  }
  if (!verifyFields(key.key, SIGNING_PURPOSES.checkpoint, { seq: d.sealedSeq, hash: d.sealedHash }, d.signature)) {
    return { problem: 'signature', message: `the checkpoint's Ed25519 signature over seq ${d.sealedSeq} does not verify` };
  }
  return undefined;
}
