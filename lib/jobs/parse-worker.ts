/**
 * Worker-thread entry of the import: parses the file (lib/formats) and flattens each rollout into
 * its database row (lib/db/rollout-row.ts), so all of that CPU work runs beside the inserts on the
 * main thread. At most MAX_IN_FLIGHT batches wait unacknowledged, which bounds memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ParseWorkerMessage } from './parse-in-worker';
import { parseFileToRows, type ParseRowsInit } from './parse-rows';

const MAX_IN_FLIGHT = 4;
const init = workerData as ParseRowsInit;
const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | null = null;

port.on('message', (m: unknown) => {
  if (m === 'ack') {
    inFlight--;
    wake?.();
    wake = null;
  }
});

const send = (m: ParseWorkerMessage) => port.postMessage(m);

async function main() {
  for await (const batch of parseFileToRows(init)) {
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (wake = r));
    inFlight++;
    send({ type: 'batch', ...batch });
  }
  send({ type: 'end' });
}

main().catch((e: unknown) => {
  send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
});
