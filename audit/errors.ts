/**
 * The three ways the ledger says no. Each carries a message a person can act on; none needs a
 * stack trace.
 */

/** An event (or batch) was rejected before anything was written: the issues name field and rule. */
export class LedgerEventError extends Error {
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[]) {
    super(`${message}\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'LedgerEventError';
    this.issues = issues;
  }
}

/** The ledger on disk is not in a state the writer may append to (tampered, key missing, …). */
export class LedgerStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerStateError';
  }
}

/** Something verify or query needs cannot be read (directory, public key). */
export class LedgerAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerAccessError';
  }
}
