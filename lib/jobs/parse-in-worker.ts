/**
 * The main-thread side of lib/jobs/parse-worker.ts: an async generator of row batches, with the
 * same summary counts as lib/formats parseFile. Used for large files, where running the parse on
 * the second core roughly halves the import's wall time; small files parse in-process because a
 * worker costs ~0.5 s to start.
 */
import type { Worker } from 'node:worker_threads';
import type { ParseRowsInit, RowBatch } from './parse-rows';
import { startTsWorker } from './ts-worker';

export type ParseWorkerMessage = ({ type: 'batch' } & RowBatch) | { type: 'end' } | { type: 'error'; message: string };

/** Files at least this large are parsed in a worker thread. */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

export async function* parseFileInWorker(init: ParseRowsInit): AsyncGenerator<RowBatch> {
  const worker: Worker = startTsWorker(new URL('./parse-worker.ts', import.meta.url), init);
  const inbox: ParseWorkerMessage[] = [];
  let notify: (() => void) | null = null;
  let failure: Error | null = null;
  worker.on('message', (m: ParseWorkerMessage) => {
    inbox.push(m);
    notify?.();
  });
  worker.on('error', (e) => {
    failure = e;
    notify?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`the parse worker exited with code ${code}`);
    notify?.();
  });
  try {
    for (;;) {
      while (inbox.length === 0 && !failure) await new Promise<void>((r) => (notify = r));
      notify = null;
      const m = inbox.shift();
      if (!m) throw failure!;
      if (m.type === 'end') return;
      if (m.type === 'error') throw new Error(m.message);
      worker.postMessage('ack');
      yield m;
    }
  } finally {
    await worker.terminate();
  }
}
