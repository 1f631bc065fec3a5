import { parentPort, workerData } from 'node:worker_threads';
import { publicKeyFromPem } from './keys.ts';
import { verifyChunk, type ChunkTask } from './verify-chunk.ts';

/** A verify thread: takes ranges from verify.ts, answers with their results. */
const { publicKeyPem } = workerData as { publicKeyPem: string };
const key = publicKeyFromPem(publicKeyPem, 'the verifying public key');
const port = parentPort!;

port.on('message', (task: ChunkTask) => {
  verifyChunk(task, key).then(
    (result) => port.postMessage({ result }),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
