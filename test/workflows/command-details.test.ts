import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandDetails } from '../../workflows/model-run.ts';
import { shellCommand } from '../../workflows/shell-words.ts';

/** The words a POSIX shell makes of `command`. */
function shellSplit(command: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${command}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe("a model run's command in the ledger", () => {
  it('tells apart commands that join to the same text', () => {
    const one = commandDetails(['python', 'train.py', '--name', 'a b']);
    const two = commandDetails(['python', 'train.py', '--name', 'a', 'b']);
    expect(one).toEqual({ argv: ['python', 'train.py', '--name', 'a b'], command: "python train.py --name 'a b'" });
    expect(two).toEqual({ argv: ['python', 'train.py', '--name', 'a', 'b'], command: 'python train.py --name a b' });
  });

  it('quotes every word so that a shell splits the display form back into exactly the argv', () => {
    const word = fc.string({ unit: fc.constantFrom('a', ' ', "'", '"', '\\', '$', '`', '\n', '\t', '*', '~', '#', ';', '&', '|', '(', '=', '-', 'é') });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (argv) => {
        expect(shellSplit(shellCommand(argv))).toEqual(argv);
      }),
      { numRuns: 60 },
    );
  });

  it('quotes a first word with "=", which a shell would otherwise run as a variable assignment', () => {
    const command = shellCommand(['MODE=fast', 'x=1']);
    expect(command).toBe("'MODE=fast' x=1");
    // the shell looks for a command named MODE=fast (127: not found) instead of assigning and succeeding
    expect(() => execFileSync('/bin/sh', ['-c', command], { stdio: 'ignore' })).toThrow(expect.objectContaining({ status: 127 }));
  });

  it('keeps the head of a command too long for an event, with the hash of its words as run.json holds them', () => {
    // quoted, the emoji's first half is the 2000th character
    const argv = ['python', `${'x'.repeat(1991)}😀${'y'.repeat(10)}`, 'tail'];
    const details = commandDetails(argv);
    expect(details.argv).toBeUndefined();
    expect(details.argc).toBe(3);
    expect(details.argvSha256).toBe(createHash('sha256').update(JSON.stringify(argv)).digest('hex'));
    // never half an emoji: the ledger refuses lone surrogates
    expect(details.command).toBe(`python '${'x'.repeat(1991)}…`);
  });
});
