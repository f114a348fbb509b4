/**
 * Runs analyses on worker threads (one per core, two on these machines), with progress, cancel
 * and a cache seam. Cache keys are computed from a cheap descriptor (file hashes, template hash)
 * before any worker starts, so a fully cached re-run never loads a tokenizer.
 *
 * The worker is TypeScript; plain Node needs tsx's loader for it, hence execArgv. A compiled
 * worker.js next to this file (if a build ever emits one) is used as is.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analysisCacheKey, tokenizerKey } from '../token-stats/cache-key';
import type { RolloutTokenStats } from '../token-stats/rollout-stats';
import type { RolloutInput } from './analyze';
import { deserializeError, TokenizeError } from './errors';
import { describeTokenizer, type TokenizerDescriptor } from './registry';
import type { FromWorker, RolloutResult, ToWorker, WorkerInit } from './worker-protocol';

export interface AnalysisCache {
  /** Returns the entries found; missing keys are simply absent. */
  getCached(keys: string[]): Promise<Map<string, RolloutTokenStats>> | Map<string, RolloutTokenStats>;
  /** Called once per finished batch, so work done before a cancel is kept. */
  putCached(entries: { key: string; stats: RolloutTokenStats }[]): Promise<void> | void;
}

export interface AnalyzeProgress {
  done: number;
  total: number;
  cached: number;
}

export interface AnalyzeRolloutsOptions {
  /** Bundled id ('qwen3', 'llama3') or a tokenizer folder. */
  tokenizer: string;
  chatTemplate?: string;
  removeSystemMessages?: boolean;
  /** Default: min(2, cores). */
  workers?: number;
  /** Rollouts per message to a worker. Default 16. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: AnalyzeProgress) => void;
}

export interface AnalyzeRolloutsResult {
  descriptor: Omit<TokenizerDescriptor, 'template'>;
  /** Template warnings, e.g. 'template ignores tools' (empty when every result came from cache). */
  warnings: string[];
  /** Aligned with the input rollouts. */
  results: RolloutResult[];
  cached: number;
}

/**
 * `execArgv: ['--import', 'tsx']` does not work for worker threads on Node 20: tsx's loader
 * registers its hooks only on the main thread (tested: the entry fails with
 * ERR_UNKNOWN_FILE_EXTENSION). So a one-line eval bootstrap calls tsx's register() API inside the
 * worker, then imports the TypeScript entry.
 */
function startWorker(init: WorkerInit): Worker {
  const js = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData: init });
  // The ESM build of tsx/esm/api: its CJS build (what require.resolve finds) resolves its hook file wrongly.
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData: init });
}

function canceled(): TokenizeError {
  return new TokenizeError('canceled', 'Tokenization was canceled');
}

export async function analyzeRollouts(
  rollouts: RolloutInput[],
  opts: AnalyzeRolloutsOptions,
  cache?: AnalysisCache,
): Promise<AnalyzeRolloutsResult> {
  if (opts.signal?.aborted) throw canceled();
  const { template: _template, ...descriptor } = await describeTokenizer(opts.tokenizer, {
    chatTemplate: opts.chatTemplate,
  });
  const removeSystemMessages = opts.removeSystemMessages ?? false;
  const tk = tokenizerKey(descriptor);
  const keys = rollouts.map((r) =>
    analysisCacheKey({
      contentHash: r.contentHash,
      tokenizerKey: tk,
      templateHash: descriptor.templateHash,
      removeSystemMessages,
    }),
  );

  const results = new Array<RolloutResult>(rollouts.length);
  const hits = cache ? await cache.getCached(keys) : new Map<string, RolloutTokenStats>();
  const todo: number[] = [];
  keys.forEach((k, i) => {
    const hit = hits.get(k);
    if (hit) results[i] = { ok: true, stats: hit };
    else todo.push(i);
  });
  const cachedCount = rollouts.length - todo.length;
  const progress = { done: cachedCount, total: rollouts.length, cached: cachedCount };
  opts.onProgress?.({ ...progress });
  if (todo.length === 0) return { descriptor, warnings: [], results, cached: cachedCount };

  const batchSize = Math.max(1, opts.batchSize ?? 16);
  const batches: number[][] = [];
  for (let i = 0; i < todo.length; i += batchSize) batches.push(todo.slice(i, i + batchSize));
  const nWorkers = Math.max(1, Math.min(opts.workers ?? Math.min(2, availableParallelism()), batches.length));
  const init: WorkerInit = { tokenizer: opts.tokenizer, chatTemplate: opts.chatTemplate, removeSystemMessages };
  const workers: Worker[] = [];
  let warnings: string[] = [];

  await new Promise<void>((resolve, reject) => {
    let next = 0;
    let finished = 0;
    let settled = false;
    const stop = (err?: Error) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => stop(canceled());
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const dispatch = (w: Worker) => {
      if (next >= batches.length) return;
      const batchId = next++;
      const msg: ToWorker = {
        type: 'batch',
        batchId,
        rollouts: batches[batchId].map((i) => ({ messages: rollouts[i].messages, tools: rollouts[i].tools })),
      };
      w.postMessage(msg);
    };

    for (let n = 0; n < nWorkers; n++) {
      const w = startWorker(init);
      workers.push(w);
      w.on('error', (e) =>
        stop(new TokenizeError('worker_failed', `Tokenizer worker failed: ${e.message}`, { cause: e })),
      );
      w.on('exit', (code) => {
        if (!settled && code !== 0)
          stop(new TokenizeError('worker_failed', `Tokenizer worker exited with code ${code}`));
      });
      w.on('message', (m: FromWorker) => {
        if (settled) return;
        if (m.type === 'init-error') return stop(deserializeError(m.error));
        if (m.type === 'ready') {
          warnings = m.warnings;
          return dispatch(w);
        }
        const idx = batches[m.batchId];
        const fresh: { key: string; stats: RolloutTokenStats }[] = [];
        m.results.forEach((r, j) => {
          results[idx[j]] = r;
          if (r.ok) fresh.push({ key: keys[idx[j]], stats: r.stats });
        });
        progress.done += idx.length;
        Promise.resolve(fresh.length > 0 ? cache?.putCached(fresh) : undefined).then(
          () => {
            if (settled) return;
            opts.onProgress?.({ ...progress });
            if (++finished === batches.length) stop();
            else dispatch(w);
          },
          (e: unknown) => stop(e instanceof Error ? e : new Error(String(e))),
        );
      });
    }
  });
  return { descriptor, warnings, results, cached: cachedCount };
}
