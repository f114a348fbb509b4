/**
 * The `tokens` job: truncation analysis of a dataset (or a seeded sample of it) with a tokenizer and
 * chat template, over the conversations an export format writes. The same `runTokenAnalysis` backs
 * the job (UI), the in-server run of small analyses (token-server.ts) and `sift tokens` (CLI).
 *
 * Flow, each step chosen so nothing waits that need not:
 * 1. The tokenizer is described (file hashes, no load) and the worker pool starts loading at once
 *    (or a warm one is handed in), so start-up overlaps the database reads below.
 * 2. The TokenCount cache answers whatever it can (one IN query per 900 content hashes).
 * 3. Misses are read as stored JSON text, a chunk at a time, and streamed to the workers in small
 *    batches; results come back as typed arrays and are stored in the cache a few thousand at a time
 *    (a cancel keeps what was stored).
 * 4. The per-rollout counts become columns (lib/token-report) and every figure is computed from
 *    them by the same function the page runs in the browser.
 */
import { getDataset } from '../db/datasets';
import { AppError, isAppError } from '../errors';
import { cacheScope, getCachedResults, putCachedResults } from '../db/token-cache';
import { listRolloutKeys, loadRolloutTexts } from '../db/token-analyses';
import type { TokenAnalysisFailure, TokenAnalysisOptions, TokenAnalysisResult } from '../token-stats/analysis';
import { ColumnsBuilder, computeReport, zeroTrainedIds, type RolloutCounts, type TokenColumns } from '../token-report';
import { describeShape, normalizeShape, shapeKey } from '../token-report/shape';
import { ANALYSIS_VERSION, decodeStats, encodeStats, tokenizerKey as toTokenizerKey } from '../token-stats/cache-key';
import { TokenizeError } from '../tokenize/errors';
import { TokenizerPool, type PoolBatch } from '../tokenize/pool';
import { describeTokenizer } from '../tokenize/registry';
import { sampleRollouts } from '../tokenize/sample';
import { ITEM_FAILED, ITEM_HEADER, ITEM_OK, ITEM_SKIPPED } from '../tokenize/worker-protocol';
import { writeTokenColumns } from './token-columns';
import type { JobContext, JobOutcome } from './types';
import { tokensPayloadSchema, type TokensPayload } from './tokens-payload';

export { tokenHistogram } from '../token-report';
export { tokensPayloadSchema, type TokensPayload };

export const MAX_ZERO_TRAINED_IDS = 1000;
const MAX_ERRORS = 20;
/** Rollouts read from the database per query. */
const READ_CHUNK = 512;
/** A batch to a worker: at most this many rollouts or this much JSON text. */
const BATCH_ROLLOUTS = 32;
const BATCH_CHARS = 512 * 1024;
/** Cache rows written per transaction. */
const STORE_EVERY = 2000;
/** The stored result of a rollout the export leaves out. */
const SKIPPED = '[-1]';

export interface TokenAnalysisProgress {
  done: number;
  total: number;
  cached: number;
  /** Rollouts per second over the tokenized ones, once known. */
  rate?: number;
  /** Seconds left, once known. */
  eta?: number;
}

export interface TokenAnalysisHooks {
  signal?: AbortSignal;
  onProgress?: (p: TokenAnalysisProgress) => void;
  /** A pool to use (a warm one); otherwise one is started for this analysis and closed after it. */
  pool?: TokenizerPool;
  /** Workers of the pool started here. */
  workers?: number;
}

export interface TokenAnalysisOutcome {
  result: TokenAnalysisResult;
  /** Every analysed rollout's counts, in rollout id order: what the page recomputes from. */
  columns: TokenColumns;
}

/**
 * Every rollout's counts until the columns are built, in one growing Int32Array: per rollout
 * total, system, systemNoSys, assistant, completionStart, then span starts and ends. A 100k-rollout
 * analysis would otherwise hold 100k objects with ~900k [start, end] arrays (~50 MB of heap).
 */
class CountsStore {
  private data = new Int32Array(1 << 16);
  private used = 0;
  /** Per picked rollout: offset into data, or SKIPPED_AT / FAILED_AT / MISSING_AT. */
  readonly at: Int32Array;
  readonly length: Int32Array;
  readonly warnings = new Map<number, string[]>();

  constructor(n: number) {
    this.at = new Int32Array(n).fill(MISSING_AT);
    this.length = new Int32Array(n);
  }

  put(i: number, head: ArrayLike<number>, spans: ArrayLike<number>, warnings?: string[]): void {
    const need = this.used + 5 + spans.length;
    if (need > this.data.length) {
      const bigger = new Int32Array(Math.max(need, this.data.length * 2));
      bigger.set(this.data.subarray(0, this.used));
      this.data = bigger;
    }
    this.at[i] = this.used;
    this.length[i] = 5 + spans.length;
    this.data.set(head, this.used);
    this.data.set(spans, this.used + 5);
    this.used = need;
    if (warnings) this.warnings.set(i, warnings);
  }

  counts(i: number): RolloutCounts {
    const o = this.at[i];
    const d = this.data;
    const spans: [number, number][] = [];
    for (let k = o + 5; k < o + this.length[i]; k += 2) spans.push([d[k], d[k + 1]]);
    return {
      total: d[o],
      system: d[o + 1],
      systemNoSys: d[o + 2],
      assistant: d[o + 3],
      completionStart: d[o + 4],
      spans,
    };
  }
}

const MISSING_AT = -1;
const SKIPPED_AT = -2;
const FAILED_AT = -3;

/** A cached result into the store; false when the text is not a result of this version. */
function putStored(store: CountsStore, i: number, text: string): boolean {
  if (text === SKIPPED) {
    store.at[i] = SKIPPED_AT;
    return true;
  }
  const s = decodeStats(text);
  if (!s) return false;
  store.put(i, [s.total, s.system, s.systemNoSys, s.assistant, s.completionStart], s.spans.flat(), s.warnings);
  return true;
}

export async function runTokenAnalysis(
  payload: TokensPayload,
  hooks: TokenAnalysisHooks = {},
): Promise<TokenAnalysisOutcome> {
  const started = Date.now();
  // Workers start loading the tokenizer first thing: their start-up overlaps everything below.
  const ownPool = hooks.pool
    ? null
    : TokenizerPool.start(
        { tokenizer: payload.tokenizer, chatTemplate: payload.chatTemplate },
        { workers: hooks.workers },
      );
  const pool = hooks.pool ?? ownPool!;
  try {
    const dataset = await getDataset({ id: payload.datasetId });
    if (!dataset) throw new AppError('dataset_not_found', `Dataset ${payload.datasetId} does not exist`);
    // Fails fast (missing file, unknown tokenizer, no chat template) with the reason, not a worker's.
    const descriptor = await describeTokenizer(payload.tokenizer, { chatTemplate: payload.chatTemplate });
    return await analyse(payload, hooks, pool, descriptor, started, dataset, ownPool !== null);
  } finally {
    await ownPool?.close();
  }
}

async function analyse(
  payload: TokensPayload,
  hooks: TokenAnalysisHooks,
  pool: TokenizerPool,
  descriptor: Awaited<ReturnType<typeof describeTokenizer>>,
  started: number,
  dataset: { id: number; name: string },
  ownPool: boolean,
): Promise<TokenAnalysisOutcome> {
  const all = listRolloutKeys({ datasetId: dataset.id });
  if (all.length === 0) throw new AppError('dataset_empty', `Dataset "${dataset.name}" has no rollouts`);
  const picked = payload.numSamples ? sampleRollouts(all, payload.numSamples, payload.seed, (r) => String(r.id)) : all;
  picked.sort((a, b) => a.id - b.id);

  const shape = normalizeShape(payload.shape);
  const tk = toTokenizerKey(descriptor);
  const scope = cacheScope({
    tokenizerKey: tk,
    templateHash: descriptor.templateHash,
    shapeKey: shapeKey(shape),
    version: ANALYSIS_VERSION,
  });

  const store = new CountsStore(picked.length);
  const hits = getCachedResults(
    scope,
    picked.map((r) => r.contentHash),
  );
  const misses: number[] = [];
  picked.forEach((r, i) => {
    const hit = hits.get(r.contentHash);
    if (hit === undefined || !putStored(store, i, hit)) misses.push(i);
  });
  hits.clear();
  const cached = picked.length - misses.length;
  // Everything cached: the workers this analysis started are not needed, stop them loading now.
  if (misses.length === 0 && ownPool) void pool.close();
  const progress: TokenAnalysisProgress = { done: cached, total: picked.length, cached };
  hooks.onProgress?.({ ...progress });

  const errors: TokenAnalysisResult['errors'] = [];
  let failed = 0;
  let firstError: TokenizeError | undefined;
  let noSysFailed = 0;
  let templateWarnings: string[] = [];

  if (misses.length > 0) {
    templateWarnings = await pool.ready();
    const batchIndexes: number[][] = [];
    async function* batches(): AsyncGenerator<PoolBatch> {
      for (let c = 0; c < misses.length; c += READ_CHUNK) {
        const idx = misses.slice(c, c + READ_CHUNK);
        const rows = loadRolloutTexts({ ids: idx.map((i) => picked[i].id) });
        const byId = new Map(rows.map((r) => [r.id, r]));
        let items: PoolBatch['items'] = [];
        let members: number[] = [];
        let chars = 0;
        for (const i of idx) {
          const row = byId.get(picked[i].id);
          if (!row) {
            store.at[i] = FAILED_AT;
            continue;
          }
          items.push({ messages: row.messages, tools: row.tools, meta: row.meta, promptLength: row.promptLength });
          members.push(i);
          chars += row.messages.length;
          if (items.length >= BATCH_ROLLOUTS || chars >= BATCH_CHARS) {
            batchIndexes.push(members);
            yield { items };
            items = [];
            members = [];
            chars = 0;
          }
        }
        if (items.length > 0) {
          batchIndexes.push(members);
          yield { items };
        }
      }
    }

    let pending: { contentHash: string; result: string }[] = [];
    const t0 = Date.now();
    let tokenized = 0;
    await pool
      .run(batches(), {
        spec: shape,
        signal: hooks.signal,
        onResult: (seq, res) => {
          const members = batchIndexes[seq];
          batchIndexes[seq] = [];
          const errorAt = new Map(res.errors.map((e) => [e.index, e.error]));
          const warningsAt = new Map(res.warnings.map((w) => [w.index, w.warnings]));
          const d = res.data;
          let o = 0;
          members.forEach((i, j) => {
            const status = d[o];
            const spanCount = d[o + 7];
            const r = picked[i];
            if (status === ITEM_OK) {
              const warnings = warningsAt.get(j);
              store.put(
                i,
                d.subarray(o + 1, o + 6),
                d.subarray(o + ITEM_HEADER, o + ITEM_HEADER + 2 * spanCount),
                warnings,
              );
              pending.push({
                contentHash: r.contentHash,
                result: encodeStats({ ...store.counts(i), exact: d[o + 6] === 1, ...(warnings ? { warnings } : {}) }),
              });
            } else if (status === ITEM_SKIPPED) {
              store.at[i] = SKIPPED_AT;
              pending.push({ contentHash: r.contentHash, result: SKIPPED });
            } else if (status === ITEM_FAILED) {
              store.at[i] = FAILED_AT;
              failed++;
              const e = errorAt.get(j)!;
              firstError ??= new TokenizeError(e.code, e.message, { file: e.file, line: e.line });
              if (errors.length < MAX_ERRORS) errors.push({ rolloutId: r.id, code: e.code, message: e.message });
            }
            o += ITEM_HEADER + 2 * spanCount;
          });
          noSysFailed += res.noSysFailed;
          if (pending.length >= STORE_EVERY) {
            putCachedResults(scope, pending);
            pending = [];
          }
          tokenized += members.length;
          progress.done += members.length;
          const seconds = (Date.now() - t0) / 1000;
          if (seconds > 0.5) {
            progress.rate = tokenized / seconds;
            progress.eta = (progress.total - progress.done) / progress.rate;
          }
          hooks.onProgress?.({ ...progress });
        },
      })
      .finally(() => {
        // Whatever finished is kept, also on cancel or failure.
        putCachedResults(scope, pending);
        pending = [];
      });
  }

  const builder = new ColumnsBuilder(picked.length);
  const warnings = new Set(templateWarnings);
  let skipped = 0;
  picked.forEach((r, i) => {
    if (store.at[i] >= 0) {
      const counts = store.counts(i);
      builder.add(r.id, noSysFailed > 0 ? { ...counts, systemNoSys: -1 } : counts);
      for (const w of store.warnings.get(i) ?? []) if (warnings.size < 20) warnings.add(w);
    } else if (store.at[i] === SKIPPED_AT) skipped++;
  });
  const columns = builder.finish();
  if (columns.n === 0 && firstError) throw firstError;
  if (columns.n === 0)
    throw new AppError(
      'all_rollouts_failed',
      skipped > 0
        ? `No rollout has a conversation in ${shape.format} (every one was left out: no assistant turn)`
        : 'No rollout could be analysed',
    );

  const report = computeReport(columns, {
    mask: payload.mask,
    removeSystem: payload.removeSystemMessages,
    maxLength: payload.maxLength ?? null,
    numSteps: payload.numSteps,
    lossBudget: payload.lossBudget,
  });
  const zero = zeroTrainedIds(columns, {
    mask: payload.mask,
    removeSystem: payload.removeSystemMessages,
    maxLength: report.zeroTrained.maxLength,
    limit: MAX_ZERO_TRAINED_IDS,
  });

  const options: TokenAnalysisOptions = {
    tokenizer: payload.tokenizer,
    ...(payload.chatTemplateName || payload.chatTemplate
      ? { chatTemplateName: payload.chatTemplateName ?? 'custom template' }
      : {}),
    shape,
    ...(payload.numSamples ? { numSamples: payload.numSamples } : {}),
    seed: payload.seed,
    removeSystemMessages: payload.removeSystemMessages,
    numSteps: payload.numSteps,
    lossBudget: payload.lossBudget,
    mask: payload.mask,
    ...(payload.maxLength ? { maxLength: payload.maxLength } : {}),
  };
  const result: TokenAnalysisResult = {
    version: 2,
    datasetId: dataset.id,
    datasetName: dataset.name,
    options,
    tokenizer: descriptor.id,
    tokenizerKey: tk,
    templateHash: descriptor.templateHash,
    isCustomTemplate: descriptor.isCustomTemplate,
    shapeKey: shapeKey(shape),
    shapeDescription: describeShape(shape),
    cacheScope: scope,
    datasetRollouts: all.length,
    rollouts: columns.n,
    skipped,
    cached,
    failed,
    errors,
    warnings: [...warnings],
    noSysUnknown: columns.systemNoSys.filter((v) => v < 0).length,
    totalTokens: report.totalTokens,
    trainedTokens: report.trainedTokens,
    stats: report.stats,
    histograms: report.histograms,
    truncation: report.truncation,
    recommendedMaxLength: report.recommendedMaxLength,
    zeroTrained: { ...report.zeroTrained, ids: zero.ids, idsCapped: zero.count > zero.ids.length },
    durationMs: Date.now() - started,
  };
  return { result, columns };
}

/** An expected failure as the job stores it (null: unexpected, rethrow). */
export function toFailure(e: unknown): TokenAnalysisFailure | null {
  if (!isAppError(e)) return null;
  const { file, line } = e.details;
  return { kind: 'error', code: e.code, message: e.message, ...(file ? { file } : {}), ...(line ? { line } : {}) };
}

function progressMessage(p: TokenAnalysisProgress): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(p.done)} of ${n(p.total)} rollouts`];
  if (p.cached) parts.push(`${n(p.cached)} cached`);
  if (p.rate) parts.push(`${n(Math.round(p.rate))}/s`);
  return parts.join(' · ');
}

export interface TokensJobOptions {
  pool?: TokenizerPool;
}

/** The job handler; `pool` when the web server runs it on its warm pool (token-server.ts). */
export async function runTokensJob(ctx: JobContext, opts: TokensJobOptions = {}): Promise<JobOutcome> {
  const parsed = tokensPayloadSchema.safeParse(ctx.job.payload);
  if (!parsed.success) return { status: 'failed', error: `bad tokens payload: ${parsed.error.issues[0]?.message}` };
  const controller = new AbortController();
  const poll = setInterval(() => ctx.isCanceled() && controller.abort(), 250);
  try {
    ctx.report({ fraction: 0, message: 'Reading the tokenizer…' }, true);
    const { result, columns } = await runTokenAnalysis(parsed.data, {
      signal: controller.signal,
      pool: opts.pool,
      onProgress: (p) =>
        ctx.report({
          fraction: p.total === 0 ? 1 : p.done / p.total,
          message: progressMessage(p),
          records: p.done,
          ...(p.rate ? { rate: p.rate } : {}),
          ...(p.eta !== undefined ? { eta: p.eta } : {}),
        }),
    });
    const file = await writeTokenColumns(ctx.job.id, columns);
    return { status: 'done', result: { ...result, columnsFile: file } };
  } catch (e) {
    if (isAppError(e, 'canceled')) return { status: 'canceled', error: 'Canceled; finished batches stay cached.' };
    const failure = toFailure(e);
    if (!failure) throw e;
    return { status: 'failed', error: failure.message, result: failure };
  } finally {
    clearInterval(poll);
  }
}
