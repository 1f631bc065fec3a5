import { describe, expect, it } from 'vitest';
import { LedgerAccessError, LedgerEventError, LedgerStateError } from '../../audit/index.ts';
import { CliError, cliCall } from '../../bin/cli-error.ts';
import { WorkflowRefusal } from '../../workflows/index.ts';

/** What a command's user sees for each kind of failure: the same exit code whatever the command. */
async function outcome(error: Error, badInput?: readonly (abstract new (...args: never[]) => Error)[]): Promise<{ code: number; message: string } | Error> {
  try {
    await cliCall(() => Promise.reject(error), { prefix: 'sandbox ledger', ...(badInput && { badInput }) });
  } catch (thrown) {
    if (thrown instanceof CliError) return { code: thrown.exitCode, message: thrown.message };
    return thrown as Error;
  }
  throw new Error('cliCall did not throw');
}

describe('cliCall: one mapping from a room\'s errors to exit codes', () => {
  it('exits 1 for a refusal (as it is worded) and for input the ledger rejects, 2 for a ledger it cannot read', async () => {
    expect(await outcome(new WorkflowRefusal('u-200 cannot approve their own request'))).toEqual({ code: 1, message: 'u-200 cannot approve their own request' });
    expect(await outcome(new LedgerEventError('event rejected', ['type: unknown']))).toEqual({ code: 1, message: 'sandbox ledger: event rejected\n  - type: unknown' });
    expect(await outcome(new LedgerStateError('the ledger is tampered'))).toEqual({ code: 1, message: 'sandbox ledger: the ledger is tampered' });
    expect(await outcome(new LedgerAccessError('ledger directory x cannot be read'))).toEqual({ code: 2, message: 'sandbox ledger: ledger directory x cannot be read' });
  });

  it('treats another class as bad input only where the command says so, and leaves bugs alone', async () => {
    expect(await outcome(new RangeError('since: "soon" is not a date'), [RangeError])).toEqual({ code: 1, message: 'sandbox ledger: since: "soon" is not a date' });
    const bug = new RangeError('Invalid array length');
    expect(await outcome(bug)).toBe(bug);
    const other = new TypeError('x is undefined');
    expect(await outcome(other, [RangeError])).toBe(other);
    expect(await cliCall(() => Promise.resolve(7), { prefix: 'sandbox' })).toBe(7);
  });
});
