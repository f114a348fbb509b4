/**
 * A file written as `<name>.partial`, hashed and counted as it goes, and renamed to `<name>` on
 * commit. Writes are batched into ~1 MiB buffers: one fs call per batch keeps JSONL export near
 * disk speed while memory stays bounded. A buffer's write runs while the caller prepares the next
 * one (at most one write in flight): the export's CPU work and the kernel's copying overlap.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ExportFile } from './types';

const FLUSH_AT = 1 << 20;
/**
 * Written bytes between background syncs. Dirty pages of a file this size stay below the kernel's
 * writeback threshold, so without these syncs the whole file would reach the disk in the final
 * one; with them the disk works while the export still encodes, and the final sync is short.
 */
const SYNC_EVERY = 64 << 20;

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
  /** Callbacks of pending chunks, run once their bytes are no longer needed. */
  private pendingDone: (() => void)[] = [];
  /** The write in flight; it rejects with the write's error, which the next flush or finish throws. */
  private writing: Promise<void> | null = null;
  /** Background syncs started so far (see SYNC_EVERY); finish waits for them. */
  private syncing: Promise<void>[] = [];
  private unsynced = 0;
  private closed = false;

  private constructor(
    private readonly fh: FileHandle,
    dir: string,
    name: string,
    split?: string,
  ) {
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

  /**
   * Queues text (UTF-8) or bytes; flushes when the buffer passes 1 MiB. `written` runs once the
   * bytes are hashed and in the file (or the write failed): until then the caller must not reuse them.
   */
  write(chunk: string | Uint8Array, written?: () => void): Promise<void> | undefined {
    this.pending.push(chunk);
    if (written) this.pendingDone.push(written);
    // String length undercounts multi-byte text; that only delays a flush slightly.
    this.pendingBytes += chunk.length;
    return this.pendingBytes >= FLUSH_AT ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    const done = this.pendingDone;
    this.pending = [];
    this.pendingDone = [];
    this.pendingBytes = 0;
    let buf: Uint8Array;
    const direct = pending.length === 1 && typeof pending[0] !== 'string';
    if (direct)
      buf = pending[0] as Uint8Array; // pre-encoded bytes: no copy
    // Text is joined before encoding: one UTF-8 encode per batch is much cheaper than one per line.
    else if (pending.every((p) => typeof p === 'string')) buf = Buffer.from(pending.join(''), 'utf8');
    else buf = Buffer.concat(pending.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    this.hash.update(buf);
    this.bytes += buf.byteLength;
    if (!direct) for (const fn of done.splice(0)) fn(); // their bytes were copied
    const previous = this.writing;
    const fh = this.fh;
    const length = buf.byteLength; // `done` may hand the buffer on (detach it) once written
    const write = async () => {
      try {
        if (previous) await previous;
        let off = 0;
        while (off < length) {
          const { bytesWritten } = await fh.write(buf, off, length - off);
          off += bytesWritten;
        }
      } finally {
        for (const fn of done) fn();
      }
      this.unsynced += length;
      if (this.unsynced >= SYNC_EVERY) {
        this.unsynced = 0;
        const sync = fh.datasync();
        sync.catch(() => undefined); // handled: finish awaits it
        this.syncing.push(sync);
      }
    };
    this.writing = write();
    this.writing.catch(() => undefined); // handled: the next flush or finish rethrows it
    // Backpressure: return once the previous buffer is on its way to disk, so at most two are held.
    if (previous) await previous;
  }

  /** Resolves when every write so far reached the file (rejects with the first write error). */
  private async drain(): Promise<void> {
    if (this.writing) await this.writing;
  }

  /** Flushes, syncs and closes the partial file; the rename happens in `publish`. */
  async finish(): Promise<ExportFile> {
    await this.flush();
    await this.drain();
    await Promise.all(this.syncing);
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
      await this.drain().catch(() => undefined);
      await Promise.allSettled(this.syncing);
      await this.fh.close().catch(() => undefined);
    }
    await rm(this.partialPath, { force: true }).catch(() => undefined);
  }
}
