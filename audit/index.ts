/**
 * The ledger room's front door: the tamper-evident traceability ledger (issue 6). Every other room
 * records through `EventSink` (openLedger); the supervisor's tools read through verifyLedger and
 * queryEvents; reports are signed with signJson. Nothing here knows about plans, clouds or engines.
 */
export {
  EVENT_TYPES,
  GENESIS_PREV,
  isServiceIdentity,
  OUTCOMES,
  PLATFORM_TENANT,
  RECOVERED_DETAIL,
  SERVICE_IDENTITIES,
  type Actor,
  type AiRecord,
  type AppendedEvent,
  type Authorisation,
  type EventObject,
  type EventSink,
  type EventSource,
  type EventType,
  type JsonValue,
  type LedgerEvent,
  type NewEvent,
  type Outcome,
  type ServiceIdentity,
} from './event.ts';
export { validateNewEvent, type Validation } from './event-schema.ts';
export { RECORDED_BY } from './recorded-by.ts';
export { canonicalJson } from './canonical-json.ts';
export { checkActor, peopleDirectory, type ActorDirectory, type DirectoryPerson } from './actors.ts';
export { CHECKPOINT_REASONS, DEFAULT_CHECKPOINT_INTERVAL, type CheckpointReason } from './checkpoint.ts';
export { openLedger, sealLedger, type Ledger, type LedgerOptions, type SealResult } from './ledger.ts';
export { verifyLedger, type VerifyOptions, type VerifyProblem, type VerifyResult } from './verify.ts';
export { VERIFY_PROBLEMS } from './verify-chunk.ts';
export { DEFAULT_PAGE_SIZE, queryEvents, type QueryOptions, type QueryResult } from './query.ts';
export { signJson, verifySignedJson, type SignedJson, type SignedJsonCheck } from './signed-json.ts';
export { readPublicKey, SIGNATURE_ALGORITHM, type PublicKeyInfo } from './keys.ts';
export { LedgerAccessError, LedgerEventError, LedgerStateError } from './errors.ts';
export { HEAD_FILE, LEDGER_DIR_ENV, LEDGER_KEY_ENV, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, resolveLedgerDir, SEGMENTS_DIR } from './layout.ts';
