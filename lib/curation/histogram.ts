/**
 * Binning that follows the data's real range. Bins are half-open [e_i, e_i+1) except the top one,
 * which is closed: reward == max lands in the top bin. (seed_pipeline's `x < bins[i + 1]` drops
 * reward == 1.0; parity tests account for that explicitly.) Edges are computed as
 * lo + span * i / bins so that 0..1 in 5 bins gives exactly 0, 0.2, 0.4, 0.6, 0.8, 1 — the same
 * doubles as Python's literals — and values are placed by comparing against those edges.
 */
import { rewardOrder, rewardSummary } from './derived';
import type { CurationModel } from './model';
import { lowerBound } from './sort';
import { domainOf } from './stats';

export interface Histogram {
  edges: number[];
  counts: number[];
  /** Values below the first / above the last edge (only possible with explicit edges). */
  below: number;
  above: number;
}

export function makeEdges(lo: number, hi: number, bins: number): number[] {
  // A zero-width range still needs a bin to hold its values.
  const span = hi > lo ? hi - lo : 1;
  const edges = new Array<number>(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = lo + (span * i) / bins;
  edges[bins] = hi > lo ? hi : lo + 1;
  return edges;
}

/** Bin of v, or -1 below / -2 above the edges. Top edge inclusive. */
export function binOf(edges: ArrayLike<number>, v: number): number {
  const last = edges.length - 1;
  const lo = edges[0];
  const hi = edges[last];
  if (v < lo) return -1;
  if (v > hi) return -2;
  // Guess from uniform spacing, then correct against the real edges (exact for any edges).
  let b = Math.floor(((v - lo) / (hi - lo)) * last);
  if (b > last - 1) b = last - 1;
  if (b < 0) b = 0;
  while (b > 0 && v < edges[b]) b--;
  while (b < last - 1 && v >= edges[b + 1]) b++;
  return b;
}

/** Counts non-NaN values (where mask[i], when given) into the bins of `edges`. */
export function binCounts(values: ArrayLike<number>, edges: number[], mask?: Uint8Array): Histogram {
  const counts = new Array<number>(edges.length - 1).fill(0);
  let below = 0;
  let above = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask && !mask[i]) continue;
    const v = values[i];
    if (v !== v) continue;
    const b = binOf(edges, v);
    if (b >= 0) counts[b]++;
    else if (b === -1) below++;
    else above++;
  }
  return { edges, counts, below, above };
}

export interface StackedHistogram {
  edges: number[];
  kept: number[];
  dropped: number[];
  /** Rollouts without a reward, which no histogram bin can show. */
  nullKept: number;
  nullDropped: number;
}

const NULL_BIN = -3;
const binCache = new WeakMap<CurationModel, Map<string, Int16Array>>();

/**
 * Bin of every row's reward for these edges (NULL_BIN for null, -1/-2 outside), cached per model
 * and edges: rewards never change, so a slider move only has to count, not to bin.
 */
export function rewardBinIndex(model: CurationModel, edges: number[]): Int16Array {
  if (edges.length - 1 > 32767) throw new Error('histogram: too many bins');
  let byEdges = binCache.get(model);
  if (!byEdges) binCache.set(model, (byEdges = new Map()));
  const key = edges.join(',');
  let index = byEdges.get(key);
  if (!index) {
    index = new Int16Array(model.n);
    const r = model.reward;
    for (let i = 0; i < model.n; i++) index[i] = r[i] === r[i] ? binOf(edges, r[i]) : NULL_BIN;
    if (byEdges.size >= 4) byEdges.delete(byEdges.keys().next().value as string);
    byEdges.set(key, index);
  }
  return index;
}

/** Like binCounts over model.reward, through the cached bin index. */
export function rewardBinCounts(model: CurationModel, edges: number[]): Histogram {
  const index = rewardBinIndex(model, edges);
  const counts = new Int32Array(edges.length - 1);
  let below = 0;
  let above = 0;
  for (let i = 0; i < index.length; i++) {
    const b = index[i];
    if (b >= 0) counts[b]++;
    else if (b === -1) below++;
    else if (b === -2) above++;
  }
  return { edges, counts: Array.from(counts), below, above };
}

/**
 * The SFT reward histogram: kept/dropped stacked per bin. The axis is the domain of ALL rewards
 * (not just kept ones) so it stays still while the slider moves.
 */
export function rewardHistogram(
  model: CurationModel,
  keep: Uint8Array,
  bins = 20,
  threshold: number | null = null,
): StackedHistogram {
  const s = rewardSummary(model);
  const d = domainOf(s.min, s.max);
  const edges = makeEdges(d.lo, d.hi, bins);
  if (threshold !== null) return thresholdHistogram(model, edges, threshold);
  const index = rewardBinIndex(model, edges);
  // Slot `bins` collects null rewards; counts are [kept | dropped] in one buffer.
  const counts = new Int32Array(2 * (bins + 1));
  for (let i = 0; i < index.length; i++) {
    const b = index[i];
    counts[(keep[i] ? 0 : bins + 1) + (b >= 0 ? b : bins)]++;
  }
  return {
    edges,
    kept: Array.from(counts.subarray(0, bins)),
    dropped: Array.from(counts.subarray(bins + 1, 2 * bins + 1)),
    nullKept: counts[bins],
    nullDropped: counts[2 * bins + 1],
  };
}

/**
 * The same stacked histogram when keep is exactly `reward >= threshold`: bins are contiguous runs
 * of the sorted rewards, so each bin's kept count is its overlap with the suffix >= threshold.
 */
function thresholdHistogram(model: CurationModel, edges: number[], threshold: number): StackedHistogram {
  const bins = edges.length - 1;
  const { counts } = rewardBinCounts(model, edges);
  const { sorted } = rewardOrder(model);
  const p = lowerBound(sorted, threshold);
  const kept = new Array<number>(bins);
  const dropped = new Array<number>(bins);
  for (let b = 0, start = 0; b < bins; b++) {
    const end = start + counts[b];
    kept[b] = Math.max(0, end - Math.max(start, p));
    dropped[b] = counts[b] - kept[b];
    start = end;
  }
  return { edges, kept, dropped, nullKept: 0, nullDropped: model.n - sorted.length };
}

/** Histogram of DPO reward gaps over [0, max(1, largest gap)]. */
export function gapHistogram(gaps: Float64Array, bins = 20): Histogram {
  let max = 1;
  for (let i = 0; i < gaps.length; i++) if (gaps[i] > max) max = gaps[i];
  return binCounts(gaps, makeEdges(0, max, bins));
}
