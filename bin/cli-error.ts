/**
 * The one way a command reports a problem the user can fix: a message and an exit code.
 * The top level prints the message without a stack trace (stack traces are for bugs only).
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Errors-as-values from a room (validation issues, findings) rendered as one CliError. */
export function failWith(lines: readonly string[], exitCode = 1): never {
  throw new CliError(lines.join('\n'), exitCode);
}

/** An error class a room throws for input a user can fix. */
type ErrorClass = abstract new (...args: never[]) => Error;

export interface CliCallOptions {
  /** Put before a ledger's message (`sandbox`, `sandbox ledger`, `sandbox report`); a refusal is printed as it is. */
  readonly prefix: string;
  /** Further classes that mean bad input for this command (exit 1), e.g. RangeError from a query's bounds. */
  readonly badInput?: readonly ErrorClass[];
}

/**
 * Runs a room's call and maps the errors a user can act on to exit codes, the same for every
 * command: a workflow's refusal, an event the ledger rejects, a ledger in the wrong state or other
 * bad input exit 1; a ledger or key that cannot be read exits 2. Anything else is a bug and keeps
 * its stack trace.
 */
export async function cliCall<T>(call: () => Promise<T>, options: CliCallOptions): Promise<T> {
  const [{ LedgerAccessError, LedgerEventError, LedgerStateError }, { WorkflowRefusal }] = await Promise.all([import('../audit/index.ts'), import('../workflows/refusal.ts')]);
  try {
    return await call();
  } catch (error) {
    if (error instanceof WorkflowRefusal) throw new CliError(error.message, 1);
    if (error instanceof LedgerAccessError) throw new CliError(`${options.prefix}: ${error.message}`, 2);
    const badInput: readonly ErrorClass[] = [LedgerEventError, LedgerStateError, ...(options.badInput ?? [])];
    if (badInput.some((kind) => error instanceof kind)) throw new CliError(`${options.prefix}: ${(error as Error).message}`, 1);
    throw error;
  }
}
