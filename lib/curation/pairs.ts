/**
 * Pair storage and bookkeeping shared by the DPO strategies: parallel typed arrays that grow by
 * doubling, a hard ceiling so no setting can materialize a cross product, and the seeded total
 * cap that keeps a subset while preserving output order.
 */
import { hashPair } from './hash';
import { sortRowsByKey } from './sort';

/**
 * Whether a reward gap makes a pair: at least `minGap`, and always positive. A pair of equal rewards
 * (gap 0) teaches DPO nothing, so minGap 0 means "any positive gap", never "ties too". Monotone in
 * the gap, so the strategies can binary-search on it.
 */
export function meetsMinGap(gap: number, minGap: number): boolean {
  return gap >= minGap && gap > 0;
}

/** Beyond this many pairs a strategy stops emitting and reports `truncated`. */
export const MAX_MATERIALIZED_PAIRS = 5_000_000;

export interface DpoPairs {
  /** Row index of the chosen rollout. */
  chosen: Int32Array;
  /** Row index of the rejected rollout. */
  rejected: Int32Array;
  /** reward[chosen] - reward[rejected]. */
  gaps: Float64Array;
}

export class PairBuffer {
  chosen: Int32Array;
  rejected: Int32Array;
  gaps: Float64Array;
  length = 0;
  truncated = false;

  constructor(capacityHint: number) {
    const cap = Math.max(16, Math.min(capacityHint, MAX_MATERIALIZED_PAIRS));
    this.chosen = new Int32Array(cap);
    this.rejected = new Int32Array(cap);
    this.gaps = new Float64Array(cap);
  }

  get full(): boolean {
    return this.length >= MAX_MATERIALIZED_PAIRS;
  }

  /** Returns false (and marks truncation) once the ceiling is reached. */
  push(chosen: number, rejected: number, gap: number): boolean {
    if (this.length >= MAX_MATERIALIZED_PAIRS) {
      this.truncated = true;
      return false;
    }
    if (this.length === this.chosen.length) {
      const cap = Math.min(this.length * 2, MAX_MATERIALIZED_PAIRS);
      const c = new Int32Array(cap);
      c.set(this.chosen);
      const r = new Int32Array(cap);
      r.set(this.rejected);
      const g = new Float64Array(cap);
      g.set(this.gaps);
      this.chosen = c;
      this.rejected = r;
      this.gaps = g;
    }
    const i = this.length++;
    this.chosen[i] = chosen;
    this.rejected[i] = rejected;
    this.gaps[i] = gap;
    return true;
  }

  /** Views, not copies: a recompute allocates the buffers once. */
  finish(): DpoPairs {
    return {
      chosen: this.chosen.subarray(0, this.length),
      rejected: this.rejected.subarray(0, this.length),
      gaps: this.gaps.subarray(0, this.length),
    };
  }
}

/**
 * Keeps `max` pairs chosen by seeded hash of (chosen id, rejected id), in their original order.
 * Linear: a radix sort of the pair hashes, not a comparator sort.
 */
export function capTotal(pairs: DpoPairs, max: number, rowHash: Uint32Array): DpoPairs {
  const p = pairs.chosen.length;
  if (p <= max) return pairs;
  const keys = new Uint32Array(p);
  const idx = new Int32Array(p);
  for (let i = 0; i < p; i++) {
    keys[i] = hashPair(rowHash[pairs.chosen[i]], rowHash[pairs.rejected[i]]);
    idx[i] = i;
  }
  const ranked = sortRowsByKey(idx, keys);
  const keep = new Uint8Array(p);
  for (let k = 0; k < max; k++) keep[ranked[k]] = 1;
  const out: DpoPairs = { chosen: new Int32Array(max), rejected: new Int32Array(max), gaps: new Float64Array(max) };
  for (let i = 0, o = 0; i < p; i++) {
    if (!keep[i]) continue;
    out.chosen[o] = pairs.chosen[i];
    out.rejected[o] = pairs.rejected[i];
    out.gaps[o++] = pairs.gaps[i];
  }
  return out;
}

export interface DpoStats {
  pairs: number;
  meanGap: number | null;
  minGap: number | null;
  maxGap: number | null;
  /** Pairs whose gap is at least 0.3 (raw reward units). */
  gapsAtLeast03: number;
  /** Distinct prompts among chosen rollouts. */
  promptsCovered: number;
  /** Pairs that met the tier and gap rules before any cap (what an uncapped loop would emit). */
  candidatePairs: number;
  /** The MAX_MATERIALIZED_PAIRS ceiling stopped emission. */
  truncated: boolean;
}

export function pairStats(
  pairs: DpoPairs,
  promptIdx: Int32Array,
  promptCount: number,
  candidatePairs: number,
  truncated: boolean,
): DpoStats {
  const { gaps, chosen } = pairs;
  const n = gaps.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let atLeast03 = 0;
  const seen = new Uint8Array(promptCount);
  let prompts = 0;
  for (let i = 0; i < n; i++) {
    const g = gaps[i];
    sum += g;
    if (g < min) min = g;
    if (g > max) max = g;
    if (g >= 0.3) atLeast03++;
    const p = promptIdx[chosen[i]];
    if (p >= 0 && !seen[p]) {
      seen[p] = 1;
      prompts++;
    }
  }
  return {
    pairs: n,
    meanGap: n ? sum / n : null,
    minGap: n ? min : null,
    maxGap: n ? max : null,
    gapsAtLeast03: atLeast03,
    promptsCovered: prompts,
    candidatePairs,
    truncated,
  };
}
