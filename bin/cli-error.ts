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
