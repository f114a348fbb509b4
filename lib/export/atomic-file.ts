/**
 * A file written as `<name>.partial`, hashed and counted as it goes, and renamed to `<name>` on
 * commit. Writes are batched into ~1 MiB buffers: one fs call per batch keeps JSONL export near
 * disk speed while memory stays bounded.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ExportFile } from './types';

const FLUSH_AT = 1 << 20;

export const PARTIAL_SUFFIX = '.partial';

export class AtomicFile {
  readonly name: string;
  readonly path: string;
  readonly partialPath: string;
  readonly split: string | undefined;
  rows = 0;
  /** Rows per split when one file holds several (sft-json); copied into the ExportFile. */
  splitRows: Record<string, number> | undefined;
  private bytes = 0;
  private readonly hash: Hash = createHash('sha256');
  private pending: (string | Uint8Array)[] = [];
  private pendingBytes = 0;
  private closed = false;

  private constructor(private readonly fh: FileHandle, dir: string, name: string, split?: string) {
    this.name = name;
    this.path = path.join(dir, name);
    this.partialPath = this.path + PARTIAL_SUFFIX;
    this.split = split;
  }

  /** Creates (truncating) `<dir>/<name>.partial`. `name` must already be a safe file name. */
  static async create(dir: string, name: string, split?: string): Promise<AtomicFile> {
    if (name !== path.basename(name) || name === '' || name === '.' || name === '..') {
      throw new Error(`export file name must be a plain file name: ${JSON.stringify(name)}`);
    }
    const fh = await open(path.join(dir, name) + PARTIAL_SUFFIX, 'w');
    return new AtomicFile(fh, dir, name, split);
  }

  /** Queues text (UTF-8) or bytes; flushes when the buffer passes 1 MiB. */
  write(chunk: string | Uint8Array): Promise<void> | undefined {
    this.pending.push(chunk);
    // String length undercounts multi-byte text; that only delays a flush slightly.
    this.pendingBytes += chunk.length;
    return this.pendingBytes >= FLUSH_AT ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    let buf: Uint8Array;
    if (pending.length === 1 && typeof pending[0] !== 'string') buf = pending[0]; // pre-encoded bytes: no copy
    // Text is joined before encoding: one UTF-8 encode per batch is much cheaper than one per line.
    else if (pending.every((p) => typeof p === 'string')) buf = Buffer.from(pending.join(''), 'utf8');
    else buf = Buffer.concat(pending.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    this.hash.update(buf);
    this.bytes += buf.byteLength;
    let off = 0;
    while (off < buf.byteLength) {
      const { bytesWritten } = await this.fh.write(buf, off, buf.byteLength - off);
      off += bytesWritten;
    }
  }

  /** Flushes, syncs and closes the partial file; the rename happens in `publish`. */
  async finish(): Promise<ExportFile> {
    await this.flush();
    await this.fh.datasync();
    await this.fh.close();
    this.closed = true;
    const file: ExportFile = {
      path: this.path,
      name: this.name,
      rows: this.rows,
      bytes: this.bytes,
      sha256: this.hash.digest('hex'),
    };
    if (this.split !== undefined) file.split = this.split;
    if (this.splitRows !== undefined) file.splitRows = this.splitRows;
    return file;
  }

  /** Atomically replaces `<name>` with the finished partial file. */
  async publish(): Promise<void> {
    await rename(this.partialPath, this.path);
  }

  /** Closes (if needed) and deletes the partial file. Never throws. */
  async discard(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.fh.close().catch(() => undefined);
    }
    await rm(this.partialPath, { force: true }).catch(() => undefined);
  }
}
