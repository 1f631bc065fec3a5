import path from 'node:path';
import { queryEvents, type QueryOptions, type QueryResult } from '../audit/index.ts';

/**
 * queryEvents, one call at a time per ledger directory in this process. The ledger's in-memory
 * query index is extended by whichever call notices new bytes first; two calls that notice the
 * same bytes at once both extend it and the index then lists those events twice (seen in this
 * room's tests: a page showed one event twice). The UI runs requests concurrently, so every
 * supervisor read goes through here until audit/query.ts serialises its own refresh.
 */
const queues = new Map<string, Promise<unknown>>();

export function queryLedger(dir: string, options: QueryOptions): Promise<QueryResult> {
  const key = path.resolve(dir);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(
    () => queryEvents(dir, options),
    () => queryEvents(dir, options),
  );
  queues.set(key, next);
  void next.then(
    () => queues.get(key) === next && queues.delete(key),
    () => queues.get(key) === next && queues.delete(key),
  );
  return next;
}
