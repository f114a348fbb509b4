/**
 * Tokenizer worker threads (one per core, two on these machines) that stay loaded between
 * analyses: `TokenizerPool.start()` begins loading the tokenizer at once, so callers start it
 * before reading the database and start-up overlaps their own work; a long-lived process (the web
 * server) keeps pools warm (`warmPool`) and their encode caches with them.
 *
 * `run()` takes batches of stored rollouts (JSON text, see worker-protocol.ts) from an iterator,
 * keeps at most two batches in flight per worker (so memory stays flat however many rollouts there
 * are), and hands each result to a callback as it arrives. Cancel through an AbortSignal.
 *
 * The worker is TypeScript; plain Node needs tsx's loader for it (see startWorker).
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { deserializeError, TokenizeError } from './errors';
import { resolveTokenizerDir } from './registry';
import { bundledWorker } from './worker-bundle';
import type { ShapeSpec } from './export-shape';
import type { BatchResult, FromWorker, StoredRolloutText, ToWorker, WorkerInit } from './worker-protocol';

export interface PoolOptions {
  /** Default: SIFT_TOKEN_WORKERS, else min(2, cores). */
  workers?: number;
  /**
   * The worker's file (worker.ts, or a compiled worker.js). Default: next to this module; a bundled
   * caller (the Next server) passes the path under the project root.
   */
  entry?: string;
}

export interface PoolBatch {
  items: StoredRolloutText[];
}

export interface RunOptions {
  spec: ShapeSpec;
  signal?: AbortSignal;
  /** Called once per batch, with the batch's position in the iterator. */
  onResult(seq: number, result: BatchResult): void | Promise<void>;
}

const IN_FLIGHT_PER_WORKER = 2;

function canceled(): TokenizeError {
  return new TokenizeError('canceled', 'Tokenization was canceled');
}

/**
 * The worker runs from a bundle of its TypeScript (worker-bundle.ts) when it can be built. Else
 * through tsx, where `execArgv: ['--import', 'tsx']` does not work for worker threads on Node 20:
 * tsx's loader registers its hooks only on the main thread (tested: the entry fails with
 * ERR_UNKNOWN_FILE_EXTENSION). So a one-line eval bootstrap calls tsx's register() API inside the
 * worker, then imports the TypeScript entry.
 */
function startWorker(init: WorkerInit, entry?: string): Worker {
  const ts = entry ?? fileURLToPath(new URL('./worker.ts', import.meta.url));
  const js = ts.replace(/\.ts$/, '.js');
  if (existsSync(js)) return new Worker(js, { workerData: init });
  const bundle = process.env.SIFT_WORKER_TSX === '1' ? null : bundledWorker(ts);
  if (bundle) return new Worker(bundle, { workerData: init, resourceLimits: heapLimits(init) });
  // The ESM build of tsx/esm/api: its CJS build (what require.resolve finds) resolves its hook file wrongly.
  const from = entry ? path.join(path.dirname(ts), 'package.json') : import.meta.url;
  const tsxDir = path.dirname(createRequire(from).resolve(/* webpackIgnore: true */ 'tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(ts).href)}); });`;
  return new Worker(code, { eval: true, workerData: init, resourceLimits: heapLimits(init) });
}

/**
 * A worker's heap is its tokenizer (~40 MB for Qwen's 151k tokens, built from an 11 MB JSON), its
 * encode caches (bounded, fast-encode.ts) and short-lived render garbage. Without limits V8 lets a
 * worker grow to twice that before collecting, which put two workers and the main thread past
 * 570 MB on the 740-conversation set; with these, 430 MB at the same speed. The old generation
 * scales with the tokenizer file, so a larger vocabulary still loads.
 */
function heapLimits(init: WorkerInit): ResourceLimits {
  let mb = 12;
  try {
    mb = statSync(path.join(resolveTokenizerDir(init.tokenizer), 'tokenizer.json')).size / 2 ** 20;
  } catch {
    // The worker reports the missing file itself.
  }
  return {
    maxOldGenerationSizeMb: Math.round(Math.min(2048, Math.max(192, 96 + 10 * mb))),
    maxYoungGenerationSizeMb: 8,
  };
}

interface Slot {
  worker: Worker;
  inFlight: number;
  ready: Promise<string[]>;
}

let runIds = 0;

/** SIFT_TOKEN_WORKERS, else one per core up to two (what these machines have). */
export function defaultWorkers(): number {
  const env = Number(process.env.SIFT_TOKEN_WORKERS);
  return Number.isInteger(env) && env > 0 ? env : Math.min(2, availableParallelism());
}

export class TokenizerPool {
  readonly init: WorkerInit;
  private readonly slots: Slot[];
  private failure: Error | null = null;
  private listener: ((slot: Slot, m: FromWorker) => void) | null = null;
  private failListener: ((e: Error) => void) | null = null;
  private closing = false;
  /** Runs are serialised: one analysis at a time per pool. */
  private queue: Promise<unknown> = Promise.resolve();
  lastUsed = Date.now();

  private constructor(init: WorkerInit, opts: PoolOptions) {
    this.init = init;
    const n = Math.max(1, opts.workers ?? defaultWorkers());
    this.slots = Array.from({ length: n }, () => {
      const worker = startWorker(init, opts.entry);
      let resolveReady!: (w: string[]) => void;
      let rejectReady!: (e: Error) => void;
      const slot: Slot = {
        worker,
        inFlight: 0,
        ready: new Promise<string[]>((res, rej) => {
          resolveReady = res;
          rejectReady = rej;
        }),
      };
      slot.ready.catch(() => undefined);
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') resolveReady(m.warnings);
        else if (m.type === 'init-error') {
          const e = deserializeError(m.error);
          rejectReady(e);
          this.fail(e);
        } else this.listener?.(slot, m);
      });
      worker.on('error', (e) => {
        const err = new TokenizeError('worker_failed', `Tokenizer worker failed: ${e.message}`, { cause: e });
        rejectReady(err);
        this.fail(err);
      });
      worker.on('exit', (code) => {
        if (this.closing) return;
        const err = new TokenizeError('worker_failed', `Tokenizer worker exited with code ${code}`);
        rejectReady(err);
        this.fail(err);
      });
      return slot;
    });
  }

  /** Starts the workers now; they load the tokenizer while the caller does other work. */
  static start(init: WorkerInit, opts: PoolOptions = {}): TokenizerPool {
    return new TokenizerPool(init, opts);
  }

  get size(): number {
    return this.slots.length;
  }

  get broken(): boolean {
    return this.failure !== null;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.failListener?.(e);
  }

  /** Resolves with the template warnings once every worker has loaded; rejects with the load error. */
  async ready(): Promise<string[]> {
    const all = await Promise.all(this.slots.map((s) => s.ready));
    return all[0] ?? [];
  }

  /** Analyses every batch of `batches`; resolves when all results were handed to onResult. */
  run(batches: AsyncIterable<PoolBatch> | Iterable<PoolBatch>, opts: RunOptions): Promise<void> {
    const next = this.queue.then(() => this.runNow(batches, opts));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(batches: AsyncIterable<PoolBatch> | Iterable<PoolBatch>, opts: RunOptions): Promise<void> {
    if (opts.signal?.aborted) throw canceled();
    if (this.failure) throw this.failure;
    await this.ready();
    this.lastUsed = Date.now();
    const run = ++runIds;
    const source =
      Symbol.asyncIterator in batches
        ? (batches as AsyncIterable<PoolBatch>)[Symbol.asyncIterator]()
        : (batches as Iterable<PoolBatch>)[Symbol.iterator]();
    try {
      await new Promise<void>((resolve, reject) => {
        let seq = 0;
        let exhausted = false;
        let pulling = false;
        let outstanding = 0;
        let settled = false;
        const batchSlot = new Map<number, Slot>();
        const finish = (err?: Error) => {
          if (settled) return;
          settled = true;
          this.listener = null;
          this.failListener = null;
          opts.signal?.removeEventListener('abort', onAbort);
          if (err) reject(err);
          else resolve();
        };
        const onAbort = () => finish(canceled());
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        this.failListener = (e) => finish(e);

        const free = () => this.slots.filter((s) => s.inFlight < IN_FLIGHT_PER_WORKER);
        const pump = async () => {
          if (pulling || settled) return;
          pulling = true;
          try {
            while (!exhausted && !settled) {
              const slot = free().sort((a, b) => a.inFlight - b.inFlight)[0];
              if (!slot) break;
              const r = await source.next();
              if (r.done) {
                exhausted = true;
                break;
              }
              if (settled) return;
              const batch = seq++;
              slot.inFlight++;
              outstanding++;
              batchSlot.set(batch, slot);
              const msg: ToWorker = { type: 'batch', run, batch, spec: opts.spec, items: r.value.items };
              slot.worker.postMessage(msg);
            }
          } catch (e) {
            finish(e instanceof Error ? e : new Error(String(e)));
          } finally {
            pulling = false;
          }
          if (exhausted && outstanding === 0) finish();
        };

        this.listener = (slot, m) => {
          if (m.type !== 'result' || m.run !== run || settled) return;
          slot.inFlight--;
          batchSlot.delete(m.batch);
          Promise.resolve(opts.onResult(m.batch, m)).then(
            () => {
              outstanding--;
              this.lastUsed = Date.now();
              void pump();
            },
            (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))),
          );
        };
        void pump();
      });
    } finally {
      // Batches still in a worker after a cancel or failure come back to no listener; forget them.
      for (const s of this.slots) s.inFlight = 0;
      if (opts.signal?.aborted || this.failure) await source.return?.();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

// Warm pools of a long-lived process, by tokenizer and template, closed after a while unused.
const warm = new Map<string, TokenizerPool>();
const IDLE_MS = 10 * 60_000;
let sweeper: NodeJS.Timeout | null = null;

function sweep(): void {
  for (const [key, pool] of warm) {
    if (pool.broken || Date.now() - pool.lastUsed > IDLE_MS) {
      warm.delete(key);
      void pool.close();
    }
  }
  if (warm.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = null;
  }
}

/** A pool kept loaded across analyses in this process (started now if there is none). */
export function warmPool(init: WorkerInit, opts: PoolOptions = {}): TokenizerPool {
  const key = `${init.tokenizer}\0${init.chatTemplate ?? ''}`;
  let pool = warm.get(key);
  if (pool?.broken) {
    warm.delete(key);
    void pool.close();
    pool = undefined;
  }
  if (!pool) {
    pool = TokenizerPool.start(init, opts);
    warm.set(key, pool);
    if (!sweeper) {
      sweeper = setInterval(sweep, 60_000);
      sweeper.unref();
    }
  }
  pool.lastUsed = Date.now();
  return pool;
}
