import path from 'node:path';
import lockfile from 'proper-lockfile';
import { makeDirectory } from '../common/make-directory.ts';
import { LedgerAccessError, LedgerStateError } from './errors.ts';
import { LOCK_FILE } from './layout.ts';

/**
 * Serializes appends across processes with proper-lockfile (an atomic mkdir plus an mtime that the
 * holder keeps fresh): a holder killed with SIGKILL leaves a lock that goes stale after `staleMs`
 * and is then taken over, so a crash never wedges the ledger.
 */

export const DEFAULT_LOCK_STALE_MS = 10_000;

export async function withLedgerLock<T>(dir: string, staleMs: number, work: () => Promise<T>): Promise<T> {
  try {
    await makeDirectory(dir);
  } catch (error) {
    throw new LedgerAccessError(`ledger directory ${dir} cannot be created (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: path.join(dir, LOCK_FILE),
      realpath: false,
      stale: staleMs,
      // Wait up to about a minute for other writers; a dead one is taken over after staleMs.
      retries: { retries: 1500, factor: 1.3, minTimeout: 2, maxTimeout: 40, randomize: true },
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    throw new LedgerStateError(`cannot lock the ledger in ${dir} (${(error as Error).message})`);
  }
  try {
    const result = await work();
    if (compromised) throw new LedgerStateError(`lost the ledger lock while appending (${compromised.message}): run \`sandbox ledger verify\``);
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}
