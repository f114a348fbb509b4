/**
 * MinHash signatures on worker threads: the texts come from `readChunk(start, end)` in chunks
 * (the caller streams them from the database, the bench generates them), go to `workers` threads,
 * and the chunks' signatures are written into one Signatures in row order. The computation is
 * lib/curation/near-dup's signTexts, so the result equals a single-thread signTexts of the same texts.
 */
import { createSignatures, DEFAULT_MINHASH, type MinHashOptions, type Signatures } from '../curation/near-dup';
import { startTsWorker } from './ts-worker';

export interface SignChunk {
  seq: number;
  texts: string[];
  options: MinHashOptions;
}

export type SignReply = { seq: number; values: Uint16Array; empty: Uint8Array } | { seq: number; error: string };

export interface SignInWorkersOptions extends MinHashOptions {
  /** Threads (default 2: the machine's cores). */
  workers?: number;
  /** Texts per chunk (default 5,000). */
  chunk?: number;
  onProgress?(done: number, total: number): void;
}

export async function signInWorkers(
  n: number,
  readChunk: (start: number, end: number) => string[] | Promise<string[]>,
  opts: SignInWorkersOptions = {},
): Promise<Signatures> {
  const options: MinHashOptions = {
    numHashes: opts.numHashes ?? DEFAULT_MINHASH.numHashes,
    shingle: opts.shingle ?? DEFAULT_MINHASH.shingle,
    seed: opts.seed ?? DEFAULT_MINHASH.seed,
  };
  const sigs = createSignatures(n, options.numHashes);
  const chunk = opts.chunk ?? 5000;
  const chunks = Math.ceil(n / chunk);
  const workers = Array.from({ length: Math.min(opts.workers ?? 2, Math.max(1, chunks)) }, () =>
    startTsWorker(new URL('./near-dup-worker.ts', import.meta.url), null),
  );
  let next = 0;
  let done = 0;
  try {
    await Promise.all(
      workers.map(async (w) => {
        for (let seq = next++; seq < chunks; seq = next++) {
          const start = seq * chunk;
          const end = Math.min(n, start + chunk);
          const texts = await readChunk(start, end);
          const reply = await new Promise<SignReply>((resolve, reject) => {
            const onError = (e: Error) => reject(e);
            w.once('error', onError);
            w.once('message', (r: SignReply) => {
              w.off('error', onError);
              resolve(r);
            });
            w.postMessage({ seq, texts, options } satisfies SignChunk);
          });
          if ('error' in reply) throw new Error(`near-dup worker: ${reply.error}`);
          sigs.values.set(reply.values, start * sigs.k);
          sigs.empty.set(reply.empty, start);
          done += end - start;
          opts.onProgress?.(done, n);
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return sigs;
}
