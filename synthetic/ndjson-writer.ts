import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

export interface WrittenFile {
  readonly count: number;
  readonly size: number;
  readonly sha256: string;
}

/**
 * One NDJSON file written in large chunks and hashed as it goes: the dataset streams through a
 * bounded buffer, so memory stays flat however many patients are generated.
 */
export class NdjsonWriter {
  static readonly CHUNK_BYTES = 1 << 20;
  readonly #file: FileHandle;
  readonly #hash: Hash = createHash('sha256');
  /** Lines are UTF-8 encoded straight into this buffer; a full buffer is handed to the file system. */
  #buffer: Buffer = Buffer.allocUnsafe(NdjsonWriter.CHUNK_BYTES);
  /** The other half of a double buffer: free once the write that used it has completed. */
  #spare: Buffer = Buffer.allocUnsafe(NdjsonWriter.CHUNK_BYTES);
  #used = 0;
  #inFlight: Promise<unknown> = Promise.resolve();
  #count = 0;
  #size = 0;

  private constructor(file: FileHandle) {
    this.#file = file;
  }

  static async create(path: string): Promise<NdjsonWriter> {
    return new NdjsonWriter(await open(path, 'wx'));
  }

  /** Adds one line (without its newline). */
  add(line: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit; grow only for the rare huge line.
    const worst = line.length * 3 + 1;
    if (this.#used + worst > this.#buffer.length) this.#grow(this.#used + worst);
    this.#used += this.#buffer.write(line, this.#used, 'utf8');
    this.#buffer[this.#used++] = 0x0a;
    this.#count++;
  }

  #grow(bytes: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(bytes, this.#buffer.length * 2));
    this.#buffer.copy(bigger, 0, 0, this.#used);
    this.#buffer = bigger;
  }

  get needsFlush(): boolean {
    return this.#used >= NdjsonWriter.CHUNK_BYTES * 0.75;
  }

  /**
   * Hands the buffered lines to the file system. At most one write is in flight per file: the next
   * flush waits for it, so generation overlaps with I/O while memory stays bounded. Not re-entrant:
   * await it before adding more lines.
   */
  async flush(): Promise<void> {
    if (this.#used === 0) return;
    const full = this.#buffer;
    const chunk = full.subarray(0, this.#used);
    this.#hash.update(chunk);
    this.#size += chunk.length;
    // The spare buffer is free only once its write has completed; then the roles swap.
    await this.#inFlight;
    this.#inFlight = this.#file.write(chunk);
    this.#buffer = this.#spare;
    this.#spare = full;
    this.#used = 0;
  }

  async close(): Promise<WrittenFile> {
    try {
      await this.flush();
      await this.#inFlight;
    } finally {
      await this.#file.close();
    }
    return { count: this.#count, size: this.#size, sha256: this.#hash.digest('hex') };
  }

  /** Closes without caring about the content: the caller is abandoning the whole directory. */
  async abandon(): Promise<void> {
    this.#used = 0;
    await this.#inFlight.catch(() => undefined);
    await this.#file.close().catch(() => undefined);
  }
}
