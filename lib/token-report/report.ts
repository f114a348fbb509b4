/**
 * Every figure of a token analysis from its columns (columns.ts), for a chosen mask, max_length and
 * "remove system prompt": the four length histograms and their summaries, the truncation table
 * (trained tokens lost, examples truncated, examples left with zero trained tokens, per max_length),
 * the recommended max_length and the zero-trained count. Pure and fast enough to run on every input
 * event in the browser (one pass over the rollouts and spans, then prefix sums over token positions:
 * O(rollouts + spans + longest example), no sorting), and the same function makes the job's stored
 * result and the CLI's output, so they all agree.
 *
 * Truncation model (TRL's default right truncation): max_length L keeps tokens [0, L). A trained
 * span [a, b) loses max(0, b - max(a, L)) tokens, so over all spans
 *   lost(L) = Σ_{b>L} (b - L) - Σ_{a>L} (a - L),
 * which suffix sums over token positions give for every L at once. An example whose first trained
 * token is at or past L keeps nothing (zero trained tokens: NaN loss in some trainers).
 *
 * "Remove system prompt" moves every position of a rollout after its system preamble by
 * system - systemNoSys tokens (see lib/tokenize/analyze.ts); rollouts where that is unknown keep
 * their counts and are counted in `noSysUnknown`.
 */
import type { TokenColumns } from './columns';
import type { TrainMask } from './masks';

export type TokenQuantity = 'total' | 'system' | 'assistant' | 'conversation';
export const TOKEN_QUANTITIES: readonly TokenQuantity[] = ['total', 'system', 'assistant', 'conversation'];

/** Summary statistics; percentiles interpolate linearly (numpy's default), std is the population's. */
export interface Summary {
  count: number;
  mean: number;
  std: number;
  p50: number;
  p95: number;
  max: number;
}

/** Equal-width bins over [start, end): prepared for the charts (which decide nothing). */
export interface TokenHistogram {
  binWidth: number;
  bins: { start: number; end: number; count: number }[];
}

export interface TruncationStep {
  maxLength: number;
  /** Examples longer than maxLength. */
  truncated: number;
  /** Trained tokens lost under each mask, and their share of that mask's trained tokens. */
  lostAll: number;
  lostAllFraction: number;
  lostLast: number;
  lostLastFraction: number;
  lostCompletion: number;
  lostCompletionFraction: number;
  /** Examples left with zero trained tokens (that had some), per mask. */
  zeroTrainedAll: number;
  zeroTrainedLast: number;
  zeroTrainedCompletion: number;
}

export interface ReportOptions {
  mask?: TrainMask;
  removeSystem?: boolean;
  /** max_length the zero-trained count is taken at; default the recommended one. */
  maxLength?: number | null;
  /** Evenly spaced steps up to the longest example (like the script's --num-steps). Default 20. */
  numSteps?: number;
  /** Explicit max_length values; overrides numSteps. */
  maxLengths?: number[];
  /** Allowed share of the mask's trained tokens lost, for the recommendation. Default 0.01. */
  lossBudget?: number;
  /** The recommendation is rounded up to a multiple of this. Default 64. */
  roundTo?: number;
}

export interface TokenReport {
  count: number;
  mask: TrainMask;
  removeSystem: boolean;
  totalTokens: number;
  trainedTokens: Record<TrainMask, number>;
  stats: Record<TokenQuantity, Summary>;
  histograms: Record<TokenQuantity, TokenHistogram>;
  truncation: TruncationStep[];
  /** Smallest max_length (rounded up) that loses at most lossBudget of the mask's trained tokens. */
  recommendedMaxLength: number;
  zeroTrained: { maxLength: number; mask: TrainMask; count: number };
  /** Rollouts whose counts without the system prompt are unknown (only when removeSystem). */
  noSysUnknown: number;
}

/** 1-2-5 steps: bin widths a reader can add up in their head. */
function niceWidth(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * p) return Math.max(1, m * p);
  return Math.max(1, 10 * p);
}

/** Histogram of integer values given as counts per value (counts[v] = how many equal v). */
export function histogramOfCounts(counts: ArrayLike<number>, targetBins = 30): TokenHistogram {
  let lo = -1;
  let hi = -1;
  for (let v = 0; v < counts.length; v++) {
    if (counts[v] > 0) {
      if (lo < 0) lo = v;
      hi = v;
    }
  }
  if (lo < 0) return { binWidth: 1, bins: [] };
  // Nearly constant data (e.g. one system prompt everywhere) still gets a readable axis: at least
  // MIN_BINS bins, padded with empty ones on both sides, each ~2% of the value wide.
  const MIN_BINS = 5;
  const binWidth = niceWidth(Math.max((hi - lo + 1) / targetBins, hi - lo + 1 < MIN_BINS * 2 ? hi / 50 : 0));
  let start = Math.floor(lo / binWidth) * binWidth;
  let n = Math.floor((hi - start) / binWidth) + 1;
  const pad = Math.max(0, Math.ceil((MIN_BINS - n) / 2));
  start = Math.max(0, start - pad * binWidth);
  n = Math.max(MIN_BINS, Math.floor((hi - start) / binWidth) + 1 + pad);
  const bins = new Array<number>(n).fill(0);
  for (let v = lo; v <= hi; v++) if (counts[v] > 0) bins[Math.floor((v - start) / binWidth)] += counts[v];
  return {
    binWidth,
    bins: bins.map((count, i) => ({ start: start + i * binWidth, end: start + (i + 1) * binWidth, count })),
  };
}

/** Histogram of non-negative integer values. */
export function tokenHistogram(values: ArrayLike<number>, targetBins = 30): TokenHistogram {
  return histogramOfCounts(valueCounts(values), targetBins);
}

function valueCounts(values: ArrayLike<number>): Int32Array {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  const counts = new Int32Array(max + 1);
  for (let i = 0; i < values.length; i++) counts[values[i]]++;
  return counts;
}

/** Summary of values given as counts per value. */
export function summaryOfCounts(counts: ArrayLike<number>): Summary {
  let n = 0;
  let sum = 0;
  let max = 0;
  for (let v = 0; v < counts.length; v++) {
    const c = counts[v];
    if (c === 0) continue;
    n += c;
    sum += v * c;
    max = v;
  }
  if (n === 0) return { count: 0, mean: 0, std: 0, p50: 0, p95: 0, max: 0 };
  const mean = sum / n;
  let sq = 0;
  for (let v = 0; v < counts.length; v++) if (counts[v] > 0) sq += counts[v] * (v - mean) ** 2;
  // Order statistics at the interpolation points of p50 and p95.
  const want = [0.5, 0.95].flatMap((q) => {
    const pos = (n - 1) * q;
    const lo = Math.floor(pos);
    return [lo, Math.min(lo + 1, n - 1), pos - lo];
  });
  const ranks = [want[0], want[1], want[3], want[4]];
  const found = ranks.map(() => -1);
  let cum = 0;
  for (let v = 0; v < counts.length && found[3] < 0; v++) {
    cum += counts[v];
    for (let k = 0; k < 4; k++) if (found[k] < 0 && cum > ranks[k]) found[k] = v;
  }
  const interp = (a: number, b: number, f: number) => a + (b - a) * f;
  return {
    count: n,
    mean,
    std: Math.sqrt(sq / n),
    p50: interp(found[0], found[1], want[2]),
    p95: interp(found[2], found[3], want[5]),
    max,
  };
}

/** Summary of non-negative integer values. */
export function summarize(values: ArrayLike<number>): Summary {
  return summaryOfCounts(valueCounts(values));
}

/** Evenly spaced steps up to the longest example: step k of n is ceil(max * k / n). */
export function maxLengthSteps(longest: number, numSteps: number): number[] {
  const out = new Set<number>();
  for (let k = 1; k <= numSteps; k++) out.add(Math.max(1, Math.ceil((longest * k) / numSteps)));
  return [...out];
}

/** Per-position sums for one mask: lost(L), zero-trained(L) for every L in [0, size). */
interface MaskCurve {
  trained: number;
  lost: Float64Array;
  zero: Int32Array;
}

/** lost(L) = (SB - L*NB) - (SA - L*NA) over span starts/ends past L, and zero(L), from the right. */
function curveFrom(startCount: Int32Array, endCount: Int32Array, firstCount: Int32Array, trained: number): MaskCurve {
  const size = startCount.length;
  const lost = new Float64Array(size);
  const zero = new Int32Array(size);
  let na = 0;
  let sa = 0;
  let nb = 0;
  let sb = 0;
  let z = 0;
  for (let L = size - 1; L >= 0; L--) {
    z += firstCount[L];
    zero[L] = z;
    lost[L] = sb - L * nb - (sa - L * na);
    na += startCount[L];
    sa += L * startCount[L];
    nb += endCount[L];
    sb += L * endCount[L];
  }
  return { trained, lost, zero };
}

/** The three masks' curves in one pass over the rollouts and their spans. */
function maskCurves(cols: TokenColumns, shift: Int32Array, size: number): Record<TrainMask, MaskCurve> {
  const n = () => new Int32Array(size);
  const [aStart, aEnd, aFirst, lStart, lEnd, cStart, cEnd] = [0, 1, 2, 3, 4, 5, 6].map(n);
  const { spanOffset, spanStart, spanEnd, completionStart } = cols;
  let all = 0;
  let last = 0;
  let completion = 0;
  for (let i = 0; i < cols.n; i++) {
    const from = spanOffset[i];
    const to = spanOffset[i + 1];
    if (to === from) continue;
    const d = shift[i];
    for (let k = from; k < to; k++) {
      const a = spanStart[k] - d;
      const b = spanEnd[k] - d;
      aStart[a]++;
      aEnd[b]++;
      all += b - a;
    }
    aFirst[spanStart[from] - d]++;
    const b = spanEnd[to - 1] - d;
    const la = spanStart[to - 1] - d;
    lStart[la]++;
    lEnd[b]++;
    last += b - la;
    const cs = completionStart[i] - d;
    if (completionStart[i] >= 0 && cs < b) {
      cStart[cs]++;
      cEnd[b]++;
      completion += b - cs;
    }
  }
  return {
    all: curveFrom(aStart, aEnd, aFirst, all),
    // The only span's start is the first trained token: the start counts double as first counts.
    last: curveFrom(lStart, lEnd, lStart, last),
    completion: curveFrom(cStart, cEnd, cStart, completion),
  };
}

/** Everything that depends only on the columns and "remove system prompt" (not on mask or max_length). */
interface Prepared {
  unknown: number;
  longest: number;
  totalTokens: number;
  stats: Record<TokenQuantity, Summary>;
  histograms: Record<TokenQuantity, TokenHistogram>;
  /** longer[L] = examples longer than L. */
  longer: Int32Array;
  curves: Record<TrainMask, MaskCurve>;
  /** Truncation tables by their max_length list, so a recompute returns the same array (charts skip a re-render). */
  steps: Map<string, TruncationStep[]>;
}

// Recomputes on the page change the mask and max_length far more often than the system prompt
// switch: both settings of that switch are kept per columns object, so those are O(steps).
const prepared = new WeakMap<TokenColumns, Map<boolean, Prepared>>();

function prepare(cols: TokenColumns, removeSystem: boolean): Prepared {
  let byShift = prepared.get(cols);
  if (!byShift) prepared.set(cols, (byShift = new Map()));
  const hit = byShift.get(removeSystem);
  if (hit) return hit;

  const n = cols.n;
  const shift = new Int32Array(n);
  let unknown = 0;
  if (removeSystem)
    for (let i = 0; i < n; i++) {
      const s = cols.systemNoSys[i];
      if (s < 0) unknown++;
      else shift[i] = cols.system[i] - s;
    }

  // Value counts of the four quantities (after the shift).
  let longest = 0;
  let maxSystem = 0;
  let maxAssistant = 0;
  let maxConversation = 0;
  let totalTokens = 0;
  for (let i = 0; i < n; i++) {
    const d = shift[i];
    const t = cols.total[i] - d;
    totalTokens += t;
    if (t > longest) longest = t;
    if (cols.system[i] - d > maxSystem) maxSystem = cols.system[i] - d;
    if (cols.assistant[i] > maxAssistant) maxAssistant = cols.assistant[i];
    if (cols.total[i] - cols.system[i] > maxConversation) maxConversation = cols.total[i] - cols.system[i];
  }
  const counts = {
    total: new Int32Array(longest + 1),
    system: new Int32Array(maxSystem + 1),
    assistant: new Int32Array(maxAssistant + 1),
    conversation: new Int32Array(maxConversation + 1),
  };
  for (let i = 0; i < n; i++) {
    const d = shift[i];
    counts.total[cols.total[i] - d]++;
    counts.system[cols.system[i] - d]++;
    counts.assistant[cols.assistant[i]]++;
    counts.conversation[cols.total[i] - cols.system[i]]++;
  }
  const stats = {} as Record<TokenQuantity, Summary>;
  const histograms = {} as Record<TokenQuantity, TokenHistogram>;
  for (const q of TOKEN_QUANTITIES) {
    stats[q] = summaryOfCounts(counts[q]);
    histograms[q] = histogramOfCounts(counts[q]);
  }
  const size = longest + 2;
  const longer = new Int32Array(size);
  for (let L = size - 2, c = 0; L >= 0; L--) {
    c += counts.total[L + 1] ?? 0;
    longer[L] = c;
  }
  const p: Prepared = {
    unknown,
    longest,
    totalTokens,
    stats,
    histograms,
    longer,
    curves: maskCurves(cols, shift, size),
    steps: new Map(),
  };
  byShift.set(removeSystem, p);
  return p;
}

export function computeReport(cols: TokenColumns, opts: ReportOptions = {}): TokenReport {
  const mask = opts.mask ?? 'all';
  const removeSystem = opts.removeSystem ?? false;
  const p = prepare(cols, removeSystem);
  const { curves, longer, longest } = p;
  const size = longer.length;
  const at = <T extends Float64Array | Int32Array>(a: T, L: number) => (L >= 0 && L < size ? a[L] : L < 0 ? a[0] : 0);
  const frac = (lost: number, total: number) => (total === 0 ? 0 : lost / total);

  const steps = (opts.maxLengths ?? maxLengthSteps(longest, opts.numSteps ?? 20)).map((L): TruncationStep => ({
    maxLength: L,
    truncated: at(longer, L),
    lostAll: at(curves.all.lost, L),
    lostAllFraction: frac(at(curves.all.lost, L), curves.all.trained),
    lostLast: at(curves.last.lost, L),
    lostLastFraction: frac(at(curves.last.lost, L), curves.last.trained),
    lostCompletion: at(curves.completion.lost, L),
    lostCompletionFraction: frac(at(curves.completion.lost, L), curves.completion.trained),
    zeroTrainedAll: at(curves.all.zero, L),
    zeroTrainedLast: at(curves.last.zero, L),
    zeroTrainedCompletion: at(curves.completion.zero, L),
  }));

  // Smallest L with lost(L) <= budget: lost only shrinks as L grows.
  const curve = curves[mask];
  const budget = (opts.lossBudget ?? 0.01) * curve.trained;
  let lo = 0;
  let hi = longest;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(curve.lost, mid) <= budget) hi = mid;
    else lo = mid + 1;
  }
  const roundTo = opts.roundTo ?? 64;
  const recommendedMaxLength = roundTo > 1 ? Math.ceil(lo / roundTo) * roundTo : lo;
  const zeroAt = opts.maxLength ?? recommendedMaxLength;

  return {
    count: cols.n,
    mask,
    removeSystem,
    totalTokens: p.totalTokens,
    trainedTokens: { all: curves.all.trained, last: curves.last.trained, completion: curves.completion.trained },
    stats: p.stats,
    histograms: p.histograms,
    truncation: steps,
    recommendedMaxLength,
    zeroTrained: { maxLength: zeroAt, mask, count: at(curve.zero, zeroAt) },
    noSysUnknown: removeSystem ? p.unknown : 0,
  };
}

/** computeReport and how long it took (ms), for pages that show or log it. */
export function timedReport(cols: TokenColumns, opts: ReportOptions = {}): { report: TokenReport; ms: number } {
  const t0 = performance.now();
  const report = computeReport(cols, opts);
  return { report, ms: performance.now() - t0 };
}

/** Ids of the rollouts left with zero trained tokens at maxLength (ascending), at most `limit`. */
export function zeroTrainedIds(
  cols: TokenColumns,
  opts: { mask: TrainMask; removeSystem: boolean; maxLength: number; limit?: number },
): { ids: number[]; count: number } {
  const shift = (i: number) =>
    opts.removeSystem && cols.systemNoSys[i] >= 0 ? cols.system[i] - cols.systemNoSys[i] : 0;
  const limit = opts.limit ?? Infinity;
  const ids: number[] = [];
  let count = 0;
  for (let i = 0; i < cols.n; i++) {
    const from = cols.spanOffset[i];
    const to = cols.spanOffset[i + 1];
    if (to === from) continue;
    const d = shift(i);
    let first: number;
    if (opts.mask === 'all') first = cols.spanStart[from];
    else if (opts.mask === 'last') first = cols.spanStart[to - 1];
    else {
      first = cols.completionStart[i];
      if (first < 0 || first >= cols.spanEnd[to - 1]) continue;
    }
    if (first - d >= opts.maxLength) {
      count++;
      if (ids.length < limit) ids.push(cols.ids[i]);
    }
  }
  return { ids, count };
}
