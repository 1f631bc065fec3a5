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
  static readonly CHUNK_CHARS = 1 << 20;
  readonly #file: FileHandle;
  readonly #hash: Hash = createHash('sha256');
  #pending: string[] = [];
  #pendingChars = 0;
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
    this.#pending.push(line);
    this.#pendingChars += line.length;
    this.#count++;
  }

  get needsFlush(): boolean {
    return this.#pendingChars >= NdjsonWriter.CHUNK_CHARS;
  }

  /**
   * Hands the buffered lines to the file system. At most one write is in flight per file: the next
   * flush waits for it, so generation overlaps with I/O while memory stays bounded.
   */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    this.#pending.push('');
    const chunk = Buffer.from(this.#pending.join('\n'), 'utf8');
    this.#pending = [];
    this.#pendingChars = 0;
    this.#hash.update(chunk);
    this.#size += chunk.length;
    await this.#inFlight;
    this.#inFlight = this.#file.write(chunk);
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
    this.#pending = [];
    await this.#inFlight.catch(() => undefined);
    await this.#file.close().catch(() => undefined);
  }
}
