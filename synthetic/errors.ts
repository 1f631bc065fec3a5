/**
 * A problem the user can fix (unknown profile, bad arguments, an invalid profile file, an
 * unwritable output directory). The CLI turns it into a message and exit code 1; anything else that
 * escapes the generator is a bug.
 */
export class SyntheticDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntheticDataError';
  }
}
