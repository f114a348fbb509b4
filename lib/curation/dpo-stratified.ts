/**
 * Stratified pairing: chosen from the high tier (reward >= high), rejected from the low tier
 * (reward <= low), kept when gap >= minGap and gap > 0 (pairs.ts meetsMinGap). Never materializes the cross product: rewards are kept
 * sorted (derived.ts), so for a chosen c the eligible rejected rows are a prefix of the ascending
 * order, found by binary search on the exact predicate `meetsMinGap(rc - r) && r <= low` (both are
 * monotone in r). candidatePairs = sum of prefix lengths = what seed_pipeline's full loop emits;
 * it is computed from the distinct values, so a capped run can stop as soon as the caps are met.
 *
 * Chosen rows are visited in seeded order (hash of seed and id) so the per-prompt and total caps
 * keep a seeded sample rather than the head of the file; per chosen, k distinct rejected positions
 * are drawn with Floyd's algorithm from the same hash. Output is in that seeded order.
 */
import { rewardOrder, seededOrder } from './derived';
import { hashPair } from './hash';
import type { CurationModel } from './model';
import { MAX_MATERIALIZED_PAIRS, meetsMinGap, PairBuffer } from './pairs';
import type { DpoOptions } from './recipe';
import { lowerBound } from './sort';

/** Number of leading positions of ascending `sorted` (within [0, end)) with value <= limit. */
function countAtMost(sorted: Float64Array, limit: number, end: number): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Floyd's sampling of k distinct integers from [0, m), driven by a per-chosen hash. */
function sampleDistinct(m: number, k: number, h: number, out: number[]): void {
  out.length = 0;
  const set = k > 32 ? new Set<number>() : null;
  for (let j = m - k; j < m; j++) {
    const t = hashPair(h, j) % (j + 1);
    const taken = set ? set.has(t) : out.includes(t);
    const v = taken ? j : t;
    out.push(v);
    set?.add(v);
  }
}

export interface StratifiedPairing {
  buffer: PairBuffer;
  candidatePairs: number;
}

/**
 * Eligible rejected positions for a chosen reward rc: the length of the prefix of the ascending
 * order whose values v satisfy v <= low and meetsMinGap(rc - v). A chosen row is never in its own
 * prefix (its gap to itself is 0). Searched over the distinct values
 * (small and cache-resident) rather than all rows.
 */
function eligiblePrefix(
  distinct: Float64Array,
  starts: Int32Array,
  lowDistinct: number,
  rc: number,
  g: number,
): number {
  let lo = 0;
  let hi = lowDistinct;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (meetsMinGap(rc - distinct[mid], g)) lo = mid + 1;
    else hi = mid;
  }
  return starts[lo];
}

export function pairStratified(model: CurationModel, o: DpoOptions): StratifiedPairing {
  const { promptIdx } = model;
  const { rows: asc, sorted, distinct, starts } = rewardOrder(model);
  const { order, reward: orderReward, hash: orderHash } = seededOrder(model, o.seed);
  const g = o.minGap;
  const perChosen = o.maxPairsPerChosen ?? Infinity;
  const perPrompt = o.maxPairsPerPrompt ?? Infinity;
  const total = Math.min(o.maxPairs ?? Infinity, MAX_MATERIALIZED_PAIRS);
  const lowDistinct = countAtMost(distinct, o.low, distinct.length);

  // The uncapped count, from distinct values alone: sum over chosen values of prefix × multiplicity.
  let candidatePairs = 0;
  let highRows = 0;
  for (let k = lowerBound(distinct, o.high); k < distinct.length; k++) {
    const rc = distinct[k];
    const times = starts[k + 1] - starts[k];
    highRows += times;
    candidatePairs += eligiblePrefix(distinct, starts, lowDistinct, rc, g) * times;
  }

  const promptPairs = new Int32Array(model.prompts.length);
  const buffer = new PairBuffer(Math.min(total, perChosen * highRows, candidatePairs));
  const picks: number[] = [];
  for (let p = 0; p < order.length && buffer.length < total; p++) {
    const rc = orderReward[p];
    if (!(rc >= o.high)) continue;
    const c = order[p];
    const m = eligiblePrefix(distinct, starts, lowDistinct, rc, g);
    if (m <= 0) continue;
    const pi = promptIdx[c];
    const room = pi < 0 ? Infinity : perPrompt - promptPairs[pi];
    const k = Math.min(m, perChosen, room, total - buffer.length);
    if (k <= 0) continue;
    let made = 0;
    if (k >= m) {
      for (let q = 0; q < m && made < k; q++) {
        const r = asc[q];
        if (r === c) continue;
        if (!buffer.push(c, r, rc - sorted[q])) break;
        made++;
      }
    } else {
      sampleDistinct(m, k, orderHash[p], picks);
      for (let s = 0; s < picks.length && made < k; s++) {
        const q = picks[s];
        const r = asc[q];
        if (r === c) continue;
        if (!buffer.push(c, r, rc - sorted[q])) break;
        made++;
      }
    }
    if (pi >= 0) promptPairs[pi] += made;
  }
  if (buffer.length >= MAX_MATERIALIZED_PAIRS && candidatePairs > buffer.length) buffer.truncated = true;
  return { buffer, candidatePairs };
}
