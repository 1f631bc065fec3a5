import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { VerifyOptions, VerifyResult } from '../../audit/index.ts';

/**
 * Runs a full `verifyLedger` on a thread of its own, so that the UI's thread keeps serving pages
 * (in milliseconds) while a large ledger is verified. The thread itself leaves a core for the UI:
 * it spreads the work over further threads only where there are more than two cores.
 */

export interface ThreadedVerification {
  readonly result: Promise<VerifyResult>;
  /** Ends the thread; `result` then rejects. */
  readonly stop: () => void;
}

export function verifyInThread(dir: string, options: Pick<VerifyOptions, 'publicKeyPath'>): ThreadedVerification {
  const workers = Math.max(0, Math.min(availableParallelism() - 2, 3));
  const worker = new Worker(new URL('./verify-thread.mjs', import.meta.url), { workerData: { dir, options: { ...options, workers } } });
  const result = new Promise<VerifyResult>((resolve, reject) => {
    worker.once('message', (message: { result?: VerifyResult; error?: string }) => {
      if (message.result) resolve(message.result);
      else reject(new Error(message.error ?? 'the verification thread gave no result'));
      void worker.terminate();
    });
    worker.once('error', reject);
    // After an answer this rejects a settled promise, which does nothing.
    worker.once('exit', (code) => reject(new Error(`the verification thread ended (exit code ${code}) before it gave a result`)));
  });
  return { result, stop: () => void worker.terminate() };
}
