/**
 * The `tokens` job: truncation analysis of a dataset (or a seeded sample of it) with a tokenizer and
 * chat template. The same `runTokenAnalysis` backs the job (UI) and `sift tokens` (CLI).
 *
 * Cache first: keys come from a cheap tokenizer description, the TokenCount table answers, and
 * only the misses have their conversations loaded (in chunks) and go to the worker pool. A fully
 * cached re-run therefore never reads a conversation or loads a tokenizer.
 */
import { getDataset } from '../db/datasets';
import { AppError, isAppError } from '../errors';
import { getCachedStats, putCachedStats } from '../db/token-cache';
import { listRolloutKeys, loadRolloutBodies } from '../db/token-analyses';
import type {
  TokenAnalysisFailure,
  TokenAnalysisOptions,
  TokenAnalysisResult,
  TokenHistogram,
  TokenQuantity,
} from '../token-stats/analysis';
import { analysisCacheKey, tokenizerKey as toTokenizerKey } from '../token-stats/cache-key';
import type { RolloutTokenStats } from '../token-stats/rollout-stats';
import { analyzeTruncation } from '../token-stats/truncation';
import { TokenizeError } from '../tokenize/errors';
import { analyzeRollouts, type AnalysisCache } from '../tokenize/pool';
import { describeTokenizer } from '../tokenize/registry';
import { sampleRollouts } from '../tokenize/sample';
import type { JobContext, JobOutcome } from './types';
import { tokensPayloadSchema, type TokensPayload } from './tokens-payload';

export { tokensPayloadSchema, type TokensPayload };

export const MAX_ZERO_TRAINED_IDS = 1000;
const MAX_ERRORS = 20;
/** Conversations loaded per pool run: bounds memory on big datasets. */
const CHUNK = 4000;

export interface TokenAnalysisProgress {
  done: number;
  total: number;
  cached: number;
}

/** 1-2-5 steps: bin widths a reader can add up in their head. */
function niceWidth(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * p) return Math.max(1, m * p);
  return Math.max(1, 10 * p);
}

export function tokenHistogram(values: number[], targetBins = 30): TokenHistogram {
  if (values.length === 0) return { binWidth: 1, bins: [] };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // Nearly constant data (e.g. one system prompt everywhere) still gets a readable axis: at least
  // MIN_BINS bins, padded with empty ones on both sides, each ~2% of the value wide.
  const MIN_BINS = 5;
  const binWidth = niceWidth(Math.max((hi - lo + 1) / targetBins, hi - lo + 1 < MIN_BINS * 2 ? hi / 50 : 0));
  let start = Math.floor(lo / binWidth) * binWidth;
  let n = Math.floor((hi - start) / binWidth) + 1;
  const pad = Math.max(0, Math.ceil((MIN_BINS - n) / 2));
  start = Math.max(0, start - pad * binWidth);
  n = Math.max(MIN_BINS, Math.floor((hi - start) / binWidth) + 1 + pad);
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.floor((v - start) / binWidth)]++;
  return {
    binWidth,
    bins: counts.map((count, i) => ({ start: start + i * binWidth, end: start + (i + 1) * binWidth, count })),
  };
}

export async function runTokenAnalysis(
  payload: TokensPayload,
  hooks: { signal?: AbortSignal; onProgress?: (p: TokenAnalysisProgress) => void } = {},
): Promise<TokenAnalysisResult> {
  const started = Date.now();
  const dataset = await getDataset({ id: payload.datasetId });
  if (!dataset) throw new AppError('dataset_not_found', `Dataset ${payload.datasetId} does not exist`);
  const all = listRolloutKeys({ datasetId: dataset.id });
  if (all.length === 0) throw new AppError('dataset_empty', `Dataset "${dataset.name}" has no rollouts`);
  const picked = payload.numSamples ? sampleRollouts(all, payload.numSamples, payload.seed, (r) => String(r.id)) : all;
  picked.sort((a, b) => a.id - b.id);

  // Fails fast (missing file, unknown tokenizer, no chat template) before anything is loaded.
  const descriptor = await describeTokenizer(payload.tokenizer, { chatTemplate: payload.chatTemplate });
  const tk = toTokenizerKey(descriptor);
  const keyOf = (contentHash: string) =>
    analysisCacheKey({
      contentHash,
      tokenizerKey: tk,
      templateHash: descriptor.templateHash,
      removeSystemMessages: payload.removeSystemMessages,
    });

  const stats = new Map<number, RolloutTokenStats>();
  const hits = getCachedStats(picked.map((r) => keyOf(r.contentHash)));
  const misses: number[] = [];
  for (const r of picked) {
    const hit = hits.get(keyOf(r.contentHash));
    if (hit) stats.set(r.id, hit);
    else misses.push(r.id);
  }
  const cached = stats.size;
  const progress = { done: cached, total: picked.length, cached };
  hooks.onProgress?.({ ...progress });

  const errors: TokenAnalysisResult['errors'] = [];
  let failed = 0;
  let firstError: TokenizeError | undefined;
  const warnings = new Set<string>();
  // The TokenCount table behind the pool's cache seam: every finished batch is stored at once.
  const cache: AnalysisCache = { getCached: getCachedStats, putCached: putCachedStats };
  for (let i = 0; i < misses.length; i += CHUNK) {
    const bodies = loadRolloutBodies({ ids: misses.slice(i, i + CHUNK) });
    const before = progress.done;
    const out = await analyzeRollouts(
      bodies.map((b) => ({ id: String(b.id), contentHash: b.contentHash, messages: b.messages, tools: b.tools })),
      {
        tokenizer: payload.tokenizer,
        chatTemplate: payload.chatTemplate,
        removeSystemMessages: payload.removeSystemMessages,
        signal: hooks.signal,
        onProgress: (p) => hooks.onProgress?.({ ...progress, done: before + p.done }),
      },
      cache,
    );
    out.warnings.forEach((w) => warnings.add(w));
    out.results.forEach((r, j) => {
      if (r.ok) {
        stats.set(bodies[j].id, r.stats);
        return;
      }
      failed++;
      firstError ??= new TokenizeError(r.error.code, r.error.message, { file: r.error.file, line: r.error.line });
      if (errors.length < MAX_ERRORS)
        errors.push({ rolloutId: bodies[j].id, code: r.error.code, message: r.error.message });
    });
    progress.done = before + bodies.length;
    hooks.onProgress?.({ ...progress });
  }
  if (stats.size === 0 && firstError) throw firstError;
  if (stats.size === 0) throw new AppError('all_rollouts_failed', 'No rollout could be analysed');

  const ids = picked.map((r) => r.id).filter((id) => stats.has(id));
  const rows = ids.map((id) => stats.get(id)!);
  for (const r of rows) r.warnings?.forEach((w) => warnings.size < 20 && warnings.add(w));
  const report = analyzeTruncation(rows, {
    numSteps: payload.numSteps,
    lossBudget: payload.lossBudget,
    mask: payload.mask,
  });
  const maxLength = payload.maxLength ?? report.recommendedMaxLength;
  const zeroIds: number[] = [];
  ids.forEach((id, i) => {
    const r = rows[i];
    const first = payload.mask === 'all' ? r.spans[0]?.[0] : r.lastSpan?.[0];
    if (first !== undefined && first >= maxLength) zeroIds.push(id);
  });
  const quantities: TokenQuantity[] = ['total', 'system', 'assistant', 'conversation'];
  const histograms = Object.fromEntries(quantities.map((q) => [q, tokenHistogram(rows.map((r) => r[q]))])) as Record<
    TokenQuantity,
    TokenHistogram
  >;

  const options: TokenAnalysisOptions = {
    tokenizer: payload.tokenizer,
    ...(payload.chatTemplateName || payload.chatTemplate
      ? { chatTemplateName: payload.chatTemplateName ?? 'custom template' }
      : {}),
    ...(payload.numSamples ? { numSamples: payload.numSamples } : {}),
    seed: payload.seed,
    removeSystemMessages: payload.removeSystemMessages,
    numSteps: payload.numSteps,
    lossBudget: payload.lossBudget,
    mask: payload.mask,
    ...(payload.maxLength ? { maxLength: payload.maxLength } : {}),
  };
  return {
    version: 1,
    datasetId: dataset.id,
    datasetName: dataset.name,
    options,
    tokenizer: descriptor.id,
    tokenizerKey: tk,
    templateHash: descriptor.templateHash,
    isCustomTemplate: descriptor.isCustomTemplate,
    datasetRollouts: all.length,
    rollouts: rows.length,
    cached,
    failed,
    errors,
    warnings: [...warnings],
    totalTokens: rows.reduce((s, r) => s + r.total, 0),
    trainedTokens: { all: report.trainedAll, last: report.trainedLast },
    stats: report.stats,
    histograms,
    truncation: report.steps,
    recommendedMaxLength: report.recommendedMaxLength,
    zeroTrained: {
      maxLength,
      mask: payload.mask,
      count: zeroIds.length,
      ids: zeroIds.slice(0, MAX_ZERO_TRAINED_IDS),
      idsCapped: zeroIds.length > MAX_ZERO_TRAINED_IDS,
    },
    durationMs: Date.now() - started,
  };
}

/** An expected failure as the job stores it (null: unexpected, rethrow). */
export function toFailure(e: unknown): TokenAnalysisFailure | null {
  if (!isAppError(e)) return null;
  const { file, line } = e.details;
  return { kind: 'error', code: e.code, message: e.message, ...(file ? { file } : {}), ...(line ? { line } : {}) };
}

export async function runTokensJob(ctx: JobContext): Promise<JobOutcome> {
  const parsed = tokensPayloadSchema.safeParse(ctx.job.payload);
  if (!parsed.success) return { status: 'failed', error: `bad tokens payload: ${parsed.error.issues[0]?.message}` };
  const controller = new AbortController();
  const poll = setInterval(() => ctx.isCanceled() && controller.abort(), 250);
  try {
    ctx.report({ fraction: 0, message: 'Reading the tokenizer…' }, true);
    const result = await runTokenAnalysis(parsed.data, {
      signal: controller.signal,
      onProgress: (p) =>
        ctx.report({
          fraction: p.total === 0 ? 1 : p.done / p.total,
          message: `${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} rollouts${p.cached ? ` (${p.cached.toLocaleString('en-US')} cached)` : ''}`,
          records: p.done,
        }),
    });
    return { status: 'done', result };
  } catch (e) {
    if (isAppError(e, 'canceled')) return { status: 'canceled', error: 'Canceled; finished batches stay cached.' };
    const failure = toFailure(e);
    if (!failure) throw e;
    return { status: 'failed', error: failure.message, result: failure };
  } finally {
    clearInterval(poll);
  }
}
