import { open } from 'node:fs/promises';

/**
 * Streams the newline-terminated lines of a byte range of a file through a callback, a block at a
 * time, so that memory stays flat however long the ledger grows. The callback gets the raw bytes
 * and positions (verify decodes whole lines, the query index only their tails). Bytes after the
 * last newline are not a line: they are reported as the torn tail.
 */

export type LineVisitor = (buffer: Buffer, start: number, end: number, fileOffset: number) => boolean | void;

export interface ScanResult {
  /** Complete lines visited. */
  readonly lines: number;
  /** Where the bytes after the last newline begin, and how many there are. */
  readonly tornOffset: number;
  readonly tornBytes: number;
  /** True when the visitor asked to stop early. */
  readonly stopped: boolean;
}

const BLOCK_SIZE = 1 << 20;

export async function scanLines(file: string, range: { start: number; end: number }, visit: LineVisitor): Promise<ScanResult> {
  const handle = await open(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(BLOCK_SIZE);
    let carried = 0;
    let carriedOffset = range.start;
    let position = range.start;
    let lines = 0;
    while (position < range.end) {
      if (carried === buffer.length) {
        // One line longer than the block: grow rather than split it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carried);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, carried, Math.min(buffer.length - carried, range.end - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const filled = carried + bytesRead;
      const view = buffer.subarray(0, filled);
      let start = 0;
      for (let nl = view.indexOf(10, carried); nl !== -1; nl = view.indexOf(10, start)) {
        lines++;
        if (visit(buffer, start, nl, carriedOffset + start) === false) {
          return { lines, tornOffset: carriedOffset + nl + 1, tornBytes: 0, stopped: true };
        }
        start = nl + 1;
      }
      buffer.copy(buffer, 0, start, filled);
      carried = filled - start;
      carriedOffset += start;
    }
    return { lines, tornOffset: carriedOffset, tornBytes: carried, stopped: false };
  } finally {
    await handle.close();
  }
}
