import { parentPort, workerData } from 'node:worker_threads';
import { verifyLedger, type VerifyOptions } from '../../audit/index.ts';

/** The UI's verification thread (started by verify-thread.mjs): one full verifyLedger, answered to the UI's thread. */
const { dir, options } = workerData as { dir: string; options: VerifyOptions };
const port = parentPort!;

verifyLedger(dir, options).then(
  (result) => port.postMessage({ result }),
  (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
