/**
 * Large JSONL exports (openai-chat, rollouts-jsonl, kto) encoded on worker threads. This thread
 * hands out batches of rollout ids and writes the bytes that come back; each worker reads its
 * batch (its own read connection: WAL readers run side by side) and encodes it, which is all of an
 * export's CPU. Batches come back in their original order, and each is encoded by the same code
 * (encode-stored.ts) the one-thread path runs, so the files are byte for byte the same (tested).
 *
 * Workers can be started before the selection is known (`EncodeWorkers.start`): they load their
 * modules and open the database while this thread builds the curation model.
 *
 * Memory stays flat: at most IN_FLIGHT_PER_WORKER batches per worker are sent and not yet written.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { MissingRolloutError } from '../db/stored-reads';
import type { EncodedBatch } from '../export/jsonl';
import type { LineEncoderOptions } from '../export/line-encoders';
import { batchCount, encodeTask, type BatchSource, type EncodeTask, type LineFormat } from './encode-stored';
import { startTsWorker } from './ts-worker';

export interface EncodeWorkerInit {
  /** The database file (already opened and migrated by this process). */
  dbPath: string;
  format: LineFormat;
  /** Writer options without functions or signals (they cannot cross threads). */
  options: LineEncoderOptions;
}
/** To a worker: a batch to encode, or the memory of a batch written out, for its next batches. */
export type EncodeWorkerMessage = { task: EncodeTask } | { recycle: ArrayBuffer };
export type EncodeWorkerReply =
  { seq: number; batch: EncodedBatch } | { seq: number; error: string; missingId?: number };

const IN_FLIGHT_PER_WORKER = 4;
/** Below this many rollouts, starting workers costs more than it saves. */
export const PARALLEL_MIN_ROLLOUTS = 10_000;

/** Default worker threads: one per core, at most 4 (callers use the one-thread path below 2). */
export function encodeWorkerCount(): number {
  return Math.min(os.availableParallelism(), 4);
}

interface Slot {
  worker: Worker;
  busy: number;
}

export class EncodeWorkers {
  private readonly slots: Slot[];
  private onReply: (slot: Slot, reply: EncodeWorkerReply) => void = () => undefined;
  private failure: Error | null = null;
  private onFailure: () => void = () => undefined;
  private used = false;
  private closing: Promise<void> | null = null;

  private constructor(init: EncodeWorkerInit, count: number) {
    this.slots = Array.from({ length: count }, () => {
      const slot: Slot = { worker: startTsWorker(new URL('./export-worker.ts', import.meta.url), init), busy: 0 };
      slot.worker.on('message', (m: EncodeWorkerReply) => this.onReply(slot, m));
      slot.worker.on('error', (e) => this.fail(e));
      slot.worker.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`an export worker exited with code ${code}`));
      });
      return slot;
    });
  }

  /** Starts `count` workers now; they are ready by the time the selection is. */
  static start(init: EncodeWorkerInit, count: number): EncodeWorkers {
    return new EncodeWorkers(init, Math.max(1, count));
  }

  get size(): number {
    return this.slots.length;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.onFailure();
  }

  /** The batches of `source`, encoded on the workers, in order. Once per pool; closes it at the end. */
  async *encode(source: BatchSource): AsyncGenerator<EncodedBatch> {
    if (this.used) throw new Error('EncodeWorkers.encode runs once per pool');
    this.used = true;
    const batches = batchCount(source);
    const limit = this.slots.length * IN_FLIGHT_PER_WORKER; // batches sent but not yet yielded
    const done = new Map<number, EncodedBatch>();
    let notify: (() => void) | null = null;
    const wake = () => {
      notify?.();
      notify = null;
    };
    let sent = 0;
    let yielded = 0;
    // Sends batches to the least busy workers while fewer than `limit` are out (backpressure: a slow
    // disk stops the work instead of piling encoded batches up in memory). Called from the consumer
    // and from every reply, so a worker never idles behind a slower one's batch.
    const pump = () => {
      while (sent < batches && sent - yielded < limit && !this.failure) {
        const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
        slot.worker.postMessage({ task: encodeTask(source, sent) } satisfies EncodeWorkerMessage);
        slot.busy++;
        sent++;
      }
    };
    this.onReply = (slot, m) => {
      slot.busy--;
      if ('error' in m)
        this.fail(m.missingId !== undefined ? new MissingRolloutError(m.missingId) : new Error(m.error));
      else {
        // Written bytes go back to the worker that made them: no fresh memory per batch.
        m.batch.release = (bytes) => {
          if (!this.closing)
            slot.worker.postMessage({ recycle: bytes.buffer as ArrayBuffer } satisfies EncodeWorkerMessage, [
              bytes.buffer as ArrayBuffer,
            ]);
        };
        done.set(m.seq, m.batch);
        pump();
      }
      wake();
    };
    this.onFailure = wake;
    try {
      while (yielded < batches) {
        pump();
        while (!done.has(yielded) && !this.failure) await new Promise<void>((r) => (notify = r));
        if (this.failure) throw this.failure;
        const batch = done.get(yielded)!;
        done.delete(yielded);
        yielded++;
        yield batch;
      }
    } finally {
      await this.close();
    }
  }

  /** Stops every worker (idempotent). */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.slots.map((s) => s.worker.terminate())).then(() => undefined);
    return this.closing;
  }
}
