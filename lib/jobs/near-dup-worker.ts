/**
 * Worker-thread entry of near-dup-signatures.ts: MinHash signatures for a chunk of texts, returned
 * as transferred typed arrays. All the work is lib/curation/near-dup's; this file only moves data.
 */
import { parentPort } from 'node:worker_threads';
import { signTexts } from '../curation/near-dup';
import type { SignChunk, SignReply } from './near-dup-signatures';

const port = parentPort!;

port.on('message', (m: SignChunk) => {
  try {
    const sigs = signTexts(m.texts, m.options);
    const reply: SignReply = { seq: m.seq, values: sigs.values, empty: sigs.empty };
    port.postMessage(reply, [sigs.values.buffer as ArrayBuffer, sigs.empty.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ seq: m.seq, error: e instanceof Error ? e.message : String(e) } satisfies SignReply);
  }
});
