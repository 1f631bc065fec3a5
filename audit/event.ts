/**
 * The ledger event (../shared/reference/audit-event.md): the vocabulary every room shares when it
 * records what happened. Types are only ever added, never renamed: old ledgers must keep verifying.
 */

export const EVENT_TYPES = [
  'tenant.admitted',
  'tenant.synthesized',
  'tenant.checked',
  'tenant.deployed',
  'tenant.suspended',
  'tenant.resumed',
  'tenant.exited',
  'tenant.expired',
  'dataset.generated',
  'dataset.deleted',
  'model.run.started',
  'model.run.finished',
  'export.requested',
  'export.approved',
  'export.rejected',
  'export.released',
  'waiver.granted',
  'waiver.expired',
  'ledger.checkpoint',
  'ledger.accessed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const OUTCOMES = ['success', 'failure', 'denied'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The pseudo-tenant of events that belong to no sandbox (checkpoints, platform-wide reads). */
export const PLATFORM_TENANT = 'platform';

/**
 * Named service identities: the actors that are not people. Anything a person does is recorded
 * under the person's id from the plan; these cover what runs on its own.
 */
export const SERVICE_IDENTITIES = [
  /** The sandbox CLI acting on its own account (no person named with --as). */
  'svc:sandbox-cli',
  /** The CI pipeline (synth, check, data generation on every change). */
  'svc:ci',
  /** The read-only supervisor web UI. */
  'svc:supervisor-ui',
  /** The ledger itself: checkpoints and seals. */
  'svc:ledger',
] as const;
export type ServiceIdentity = (typeof SERVICE_IDENTITIES)[number];

export function isServiceIdentity(id: string): id is ServiceIdentity {
  return (SERVICE_IDENTITIES as readonly string[]).includes(id);
}

/** The `prev` of the first event of every ledger. */
export const GENESIS_PREV = '0'.repeat(64);

/** The key under which the next event's details record a healed crash (issue 6). */
export const RECOVERED_DETAIL = 'ledger.recovered';

export interface Actor {
  readonly id: string;
  readonly role?: string;
  /** NEN 7513: the responsible person, where another acts for them. */
  readonly onBehalfOf?: string;
  /** NEN 7513: where the action came from. */
  readonly accessPoint?: string;
}

export interface EventSource {
  readonly system: string;
  readonly version: string;
}

export interface EventObject {
  readonly kind: string;
  readonly id: string;
  readonly sha256?: string;
  readonly classification?: string;
}

export interface Authorisation {
  readonly plan?: string;
  readonly exportRequest?: string | null;
}

export interface AiRecord {
  readonly modelDigest?: string;
  readonly datasetSha256?: string;
  readonly outputsSha256?: string;
  readonly verifiedBy?: string | null;
}

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface LedgerEvent {
  readonly seq: number;
  /** RFC 3339, UTC. */
  readonly time: string;
  readonly tenant: string;
  readonly type: EventType;
  readonly outcome: Outcome;
  readonly actor: Actor;
  readonly source: EventSource;
  readonly objects?: readonly EventObject[];
  readonly authorisation?: Authorisation;
  readonly ai?: AiRecord;
  /** Small, type-specific, no personal data. */
  readonly details?: { readonly [key: string]: JsonValue };
  readonly prev: string;
  readonly hash: string;
}

/**
 * What a room hands to the ledger: the event without the fields the ledger assigns. `time`
 * defaults to now and `source` to the ledger's configured source.
 */
export type NewEvent = Omit<LedgerEvent, 'seq' | 'prev' | 'hash' | 'time' | 'source'> & {
  readonly time?: string;
  readonly source?: EventSource;
};

export type AppendedEvent = LedgerEvent;

/** The one door through which every room records what it did. */
export interface EventSink {
  append(event: NewEvent): Promise<AppendedEvent>;
  /** Atomic and durable as a whole, with a single fdatasync (group commit). */
  appendBatch(events: readonly NewEvent[]): Promise<AppendedEvent[]>;
}
