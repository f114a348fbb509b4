/**
 * Worker-thread entry of a large JSONL export (see export-workers.ts): reads a batch of rollouts by
 * id on its own read connection and turns them into the bytes of each split's file with the
 * format's pure line encoder (lib/export), so reading, JSON parsing, projection and stringifying
 * of a big export run on every core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeBatch, lineEncoders, type AnyExportOptions, type LabelledItem } from '../export';
import { fromStoredRollout } from '../db/rollout-row';
import { loadStoredRows, MissingRolloutError } from '../db/rollout-stream';
import { setEnv } from '../env';
import type { EncodeWorkerInit, EncodeWorkerReply, EncodeWorkerTask } from './export-workers';

const init = workerData as EncodeWorkerInit;
setEnv(init.env); // the parent's database
const encode = lineEncoders[init.format];
const options: AnyExportOptions = init.options;
const port = parentPort!;

port.on('message', (task: EncodeWorkerTask) => {
  let reply: EncodeWorkerReply;
  try {
    const items: LabelledItem[] = loadStoredRows({ ids: task.ids }).map((row, k) => ({
      rollout: fromStoredRollout(row),
      split: task.splits[k],
      label: task.labels ? task.labels[k] === 1 : true,
    }));
    const batch = encodeBatch(items, encode, options);
    reply = { seq: task.seq, batch };
    port.postMessage(reply, batch.chunks.map((c) => c.bytes.buffer as ArrayBuffer));
  } catch (e) {
    reply = { seq: task.seq, error: e instanceof Error ? e.message : String(e), ...(e instanceof MissingRolloutError ? { missingId: e.id } : {}) };
    port.postMessage(reply);
  }
});
