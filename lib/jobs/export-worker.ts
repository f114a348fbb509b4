/**
 * Worker-thread entry of a large JSONL export (see export-workers.ts): reads and encodes batches of
 * rollouts on its own read connection (encode-stored.ts), so reading, projecting and writing out
 * the lines of a big export run on every core. It loads neither Prisma nor the other writers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReader } from '../db/reader';
import { MissingRolloutError } from '../db/stored-reads';
import { StoredBatchEncoder } from './encode-stored';
import type { EncodeWorkerInit, EncodeWorkerMessage, EncodeWorkerReply } from './export-workers';

const init = workerData as EncodeWorkerInit;
const spare: ArrayBuffer[] = []; // memory of batches already written, handed back by the parent
const encoder = new StoredBatchEncoder(openReader(init.dbPath), init.format, init.options, (bytes) => {
  const k = spare.findIndex((b) => b.byteLength >= bytes);
  return k === -1 ? undefined : spare.splice(k, 1)[0];
});
const port = parentPort!;

port.on('message', (m: EncodeWorkerMessage) => {
  if ('recycle' in m) {
    if (spare.length < 4) spare.push(m.recycle);
    return;
  }
  const { task } = m;
  let reply: EncodeWorkerReply;
  try {
    const batch = encoder.encode(task);
    reply = { seq: task.seq, batch };
    port.postMessage(
      reply,
      batch.chunks.map((c) => c.bytes.buffer as ArrayBuffer),
    );
  } catch (e) {
    reply = {
      seq: task.seq,
      error: e instanceof Error ? e.message : String(e),
      ...(e instanceof MissingRolloutError ? { missingId: e.id } : {}),
    };
    port.postMessage(reply);
  }
});
