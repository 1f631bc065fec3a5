/**
 * Words quoted for a POSIX shell. A run's command line is written so that a shell splits it back
 * into exactly the words it came from: `a 'b c'` and `'a b' c` stay two different commands, as the
 * Annex IV 2(g) test log needs; the isolation set-up script quotes its paths the same way.
 */

/** Words made of these characters need no quotes in any POSIX shell. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(word: string): string {
  return PLAIN_WORD.test(word) ? word : singleQuoted(word);
}

/** The words as one command line; a first word with `=` is quoted, or the shell would take it for a variable assignment. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map((word, i) => (i === 0 && word.includes('=') ? singleQuoted(word) : shellQuote(word))).join(' ');
}

function singleQuoted(word: string): string {
  // Inside single quotes nothing is special but the single quote itself, which closes, is escaped and reopens.
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
