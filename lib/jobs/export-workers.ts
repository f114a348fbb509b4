/**
 * Large JSONL exports (openai-chat, rollouts-jsonl, kto) encoded on worker threads. This thread
 * hands out batches of rollout ids and writes the bytes that come back; each worker reads its
 * batch (its own read connection: WAL readers run side by side) and parses, projects and
 * stringifies it, which is all of an export's CPU. Batches come back in their original
 * order, and the encoder is the same pure function the sequential writer calls, so the files are
 * byte for byte those of the sequential path (tested).
 *
 * Memory stays flat: at most IN_FLIGHT_PER_WORKER batches per worker are sent and not yet written.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { MissingRolloutError } from '../db/rollout-stream';
import { getEnv } from '../env';
import type { AnyExportOptions, EncodedBatch, lineEncoders } from '../export';
import { startTsWorker } from './ts-worker';

export type LineFormat = keyof typeof lineEncoders;

export interface EncodeWorkerInit {
  /** The settings the worker opens the database with (this process's). */
  env: { SIFT_ROOT: string; SIFT_DB: string };
  format: LineFormat;
  /** Writer options without functions or signals (they cannot cross threads). */
  options: AnyExportOptions;
}
export interface EncodeWorkerTask {
  seq: number;
  ids: Int32Array;
  splits: string[];
  labels: Uint8Array | null;
}
export type EncodeWorkerReply = { seq: number; batch: EncodedBatch } | { seq: number; error: string; missingId?: number };

/** Rollouts per batch: big enough to amortize a message, small enough to keep memory flat. */
export const ENCODE_BATCH = 1000;
const IN_FLIGHT_PER_WORKER = 2;
/** Below this many rollouts, starting workers (~0.5 s) costs more than it saves. */
export const PARALLEL_MIN_ROLLOUTS = 10_000;

/** Default worker threads: one per core, at most 4 (callers use the one-thread writer below 2). */
export function encodeWorkerCount(): number {
  return Math.min(os.availableParallelism(), 4);
}

export interface EncodeInWorkersArgs {
  format: LineFormat;
  options: AnyExportOptions;
  /** Rollout ids in export order. */
  ids: Int32Array;
  /** Split name of item k. */
  splitOf(k: number): string;
  /** kto: 1 = desirable, parallel to ids. */
  labels: Uint8Array | null;
  workers?: number;
}

export async function* encodeInWorkers(args: EncodeInWorkersArgs): AsyncGenerator<EncodedBatch> {
  const n = args.ids.length;
  const batches = Math.ceil(n / ENCODE_BATCH);
  if (batches === 0) return;
  const workerCount = Math.max(1, Math.min(args.workers ?? encodeWorkerCount(), batches));
  const limit = workerCount * IN_FLIGHT_PER_WORKER; // batches sent but not yet yielded
  const env = getEnv();
  const init: EncodeWorkerInit = { env: { SIFT_ROOT: env.root, SIFT_DB: env.dbPath }, format: args.format, options: args.options };
  const workers: { worker: Worker; busy: number }[] = [];
  const done = new Map<number, EncodedBatch>();
  let failure: Error | null = null;
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
    while (sent < batches && sent - yielded < limit && !failure) {
      const w = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const start = sent * ENCODE_BATCH;
      const end = Math.min(start + ENCODE_BATCH, n);
      const task: EncodeWorkerTask = {
        seq: sent,
        ids: args.ids.slice(start, end),
        splits: Array.from({ length: end - start }, (_, k) => args.splitOf(start + k)),
        labels: args.labels ? args.labels.slice(start, end) : null,
      };
      w.worker.postMessage(task);
      w.busy++;
      sent++;
    }
  };
  try {
    for (let i = 0; i < workerCount; i++) {
      const slot = { worker: startTsWorker(new URL('./export-worker.ts', import.meta.url), init), busy: 0 };
      slot.worker.on('message', (m: EncodeWorkerReply) => {
        slot.busy--;
        if ('error' in m) failure ??= m.missingId !== undefined ? new MissingRolloutError(m.missingId) : new Error(m.error);
        else {
          done.set(m.seq, m.batch);
          pump();
        }
        wake();
      });
      slot.worker.on('error', (e) => {
        failure ??= e;
        wake();
      });
      slot.worker.on('exit', (code) => {
        if (code !== 0) failure ??= new Error(`an export worker exited with code ${code}`);
        wake();
      });
      workers.push(slot);
    }
    while (yielded < batches) {
      pump();
      while (!done.has(yielded) && !failure) await new Promise<void>((r) => (notify = r));
      if (failure) throw failure;
      const batch = done.get(yielded)!;
      done.delete(yielded);
      yielded++;
      yield batch;
    }
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}
