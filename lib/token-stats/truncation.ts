/**
 * Truncation analysis: pure math over per-rollout results, so the UI can recompute it instantly.
 * A trainer with max_length L keeps tokens [0, L) (right truncation, TRL's default); every trained
 * token at position >= L is lost. An example whose first trained token is at or past L keeps zero
 * trained tokens and contributes nothing (or NaN loss, TRL #3927), which is worth its own count.
 */
import type { RolloutTokenStats, TokenSpan } from './rollout-stats';
import { summarize, type Summary } from './summary';

export type TruncationInput = Pick<
  RolloutTokenStats,
  'total' | 'system' | 'assistant' | 'conversation' | 'spans' | 'lastSpan'
>;

export interface TruncationStep {
  maxLength: number;
  /** Examples longer than maxLength. */
  truncated: number;
  /** Trained tokens lost under the all-assistant-turns mask, and their share of all trained tokens. */
  lostAll: number;
  lostAllFraction: number;
  /** Same for the last-turn-only mask. */
  lostLast: number;
  lostLastFraction: number;
  /** Examples left with zero trained tokens (that had some before). */
  zeroTrainedAll: number;
  zeroTrainedLast: number;
}

export interface TruncationOptions {
  /** Number of max_length steps (like the script's --num-steps). Default 20. */
  numSteps?: number;
  /** Explicit max_length values; overrides numSteps. */
  maxLengths?: number[];
  /** Allowed share of trained tokens lost, for recommendedMaxLength. Default 0.01. */
  lossBudget?: number;
  /** Which mask the budget applies to. Default 'all'. */
  mask?: 'all' | 'last';
  /** recommendedMaxLength is rounded up to a multiple of this. Default 64. */
  roundTo?: number;
}

export interface TruncationReport {
  count: number;
  trainedAll: number;
  trainedLast: number;
  steps: TruncationStep[];
  /** Smallest max_length (rounded up) that loses at most lossBudget of the trained tokens. */
  recommendedMaxLength: number;
  stats: { total: Summary; system: Summary; assistant: Summary; conversation: Summary };
}

function lostBeyond(spans: TokenSpan[], maxLength: number): number {
  let lost = 0;
  for (const [a, b] of spans) if (b > maxLength) lost += b - Math.max(a, maxLength);
  return lost;
}

function spanTokens(spans: TokenSpan[]): number {
  return spans.reduce((s, [a, b]) => s + (b - a), 0);
}

export function truncationStep(
  rows: TruncationInput[],
  maxLength: number,
  totals = trainedTotals(rows),
): TruncationStep {
  let truncated = 0;
  let lostAll = 0;
  let lostLast = 0;
  let zeroTrainedAll = 0;
  let zeroTrainedLast = 0;
  for (const r of rows) {
    if (r.total > maxLength) truncated++;
    lostAll += lostBeyond(r.spans, maxLength);
    if (r.spans.length > 0 && r.spans[0][0] >= maxLength) zeroTrainedAll++;
    if (r.lastSpan) {
      lostLast += lostBeyond([r.lastSpan], maxLength);
      if (r.lastSpan[0] >= maxLength) zeroTrainedLast++;
    }
  }
  return {
    maxLength,
    truncated,
    lostAll,
    lostAllFraction: totals.all === 0 ? 0 : lostAll / totals.all,
    lostLast,
    lostLastFraction: totals.last === 0 ? 0 : lostLast / totals.last,
    zeroTrainedAll,
    zeroTrainedLast,
  };
}

function trainedTotals(rows: TruncationInput[]): { all: number; last: number } {
  let all = 0;
  let last = 0;
  for (const r of rows) {
    all += spanTokens(r.spans);
    if (r.lastSpan) last += r.lastSpan[1] - r.lastSpan[0];
  }
  return { all, last };
}

/** Evenly spaced steps up to the longest example: step k of n is ceil(max * k / n). */
export function maxLengthSteps(longest: number, numSteps: number): number[] {
  const out = new Set<number>();
  for (let k = 1; k <= numSteps; k++) out.add(Math.max(1, Math.ceil((longest * k) / numSteps)));
  return [...out];
}

/** Lost tokens only shrink as max_length grows, so a binary search finds the smallest that fits. */
export function recommendMaxLength(
  rows: TruncationInput[],
  budget: number,
  mask: 'all' | 'last',
  roundTo: number,
): number {
  const totals = trainedTotals(rows);
  const total = mask === 'all' ? totals.all : totals.last;
  const lost = (L: number) => {
    const s = truncationStep(rows, L, totals);
    return mask === 'all' ? s.lostAll : s.lostLast;
  };
  let lo = 0;
  let hi = rows.reduce((m, r) => Math.max(m, r.total), 0);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lost(mid) <= budget * total) hi = mid;
    else lo = mid + 1;
  }
  return roundTo > 1 ? Math.ceil(lo / roundTo) * roundTo : lo;
}

export function analyzeTruncation(rows: TruncationInput[], opts: TruncationOptions = {}): TruncationReport {
  const totals = trainedTotals(rows);
  const longest = rows.reduce((m, r) => Math.max(m, r.total), 0);
  const lengths = opts.maxLengths ?? maxLengthSteps(longest, opts.numSteps ?? 20);
  const pick = (key: 'total' | 'system' | 'assistant' | 'conversation') => summarize(rows.map((r) => r[key]));
  return {
    count: rows.length,
    trainedAll: totals.all,
    trainedLast: totals.last,
    steps: lengths.map((L) => truncationStep(rows, L, totals)),
    recommendedMaxLength: recommendMaxLength(rows, opts.lossBudget ?? 0.01, opts.mask ?? 'all', opts.roundTo ?? 64),
    stats: {
      total: pick('total'),
      system: pick('system'),
      assistant: pick('assistant'),
      conversation: pick('conversation'),
    },
  };
}
