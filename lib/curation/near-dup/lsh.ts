/**
 * Candidate pairs by LSH banding, computed once for the lowest threshold the user may pick
 * (`minThreshold`). Each pair keeps its bin-match count, so clustering at any threshold ≥
 * minThreshold is a filter over these pairs (cluster.ts), never a new pass over signatures.
 *
 * Exact duplicates (identical signatures) are grouped first and linked to their group's first row
 * with a full match; only one row per group enters the bands, so ten thousand copies of one
 * trajectory cost ten thousand edges, not fifty million pairs. A band bucket larger than
 * MAX_BUCKET (distinct but similar rows) is linked as a chain and a star instead of all its pairs
 * (`cappedBuckets` counts them): clusters stay connected, some member-to-member estimates are
 * not stored.
 */
import { fmix32 } from '../hash';
import { sortRowsByKey } from '../sort';
import { matchCount, type Signatures } from './minhash';

export const MAX_BUCKET = 64;

export interface LshParams {
  bands: number;
  rows: number;
}

/** P(two rows with Jaccard s share a bucket) = 1 − (1 − s^r)^b. */
export function collisionProbability(s: number, p: LshParams): number {
  return 1 - (1 - s ** p.rows) ** p.bands;
}

function integrate(f: (s: number) => number, a: number, b: number): number {
  const steps = 200;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(a + ((i + 0.5) * (b - a)) / steps);
  return (sum * (b - a)) / steps;
}

/**
 * Bands × rows ≤ k minimising false positives below the threshold plus false negatives above it,
 * weighted equally (the rule datasketch's MinHashLSH uses).
 */
const chosen = new Map<string, LshParams>();

export function chooseLshParams(threshold: number, k: number): LshParams {
  const key = `${threshold}/${k}`;
  const known = chosen.get(key);
  if (known) return known;
  let best: LshParams = { bands: 1, rows: k };
  let bestErr = Infinity;
  for (let bands = 1; bands <= k; bands++) {
    for (let rows = 1; bands * rows <= k; rows++) {
      const p = { bands, rows };
      const fp = integrate((s) => collisionProbability(s, p), 0, threshold);
      const fn = integrate((s) => 1 - collisionProbability(s, p), threshold, 1);
      if (fp + fn < bestErr) [best, bestErr] = [p, fp + fn];
    }
  }
  chosen.set(key, best); // ~50 ms of integration: once per (threshold, k)
  return best;
}

export interface CandidatePairs {
  n: number;
  k: number;
  minThreshold: number;
  params: LshParams;
  /** Row pairs (a < b), ordered by match count, highest first. */
  a: Uint32Array;
  b: Uint32Array;
  /** Bins the two signatures agree on (estimated Jaccard = matches / k). */
  matches: Uint8Array;
  /** Rows that are exact copies of an earlier row (their edge has matches = k). */
  exactDuplicates: number;
  cappedBuckets: number;
}

function signatureHash(values: Uint16Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let p = from; p < to; p++) h = Math.imul(h ^ values[p], 0x01000193);
  return fmix32(h >>> 0);
}

function sameSignature(values: Uint16Array, k: number, i: number, j: number): boolean {
  for (let p = 0; p < k; p++) if (values[i * k + p] !== values[j * k + p]) return false;
  return true;
}

export interface FindPairsOptions {
  /** Lowest threshold clustering may ask for (default 0.5). */
  minThreshold?: number;
  params?: LshParams;
}

export function findCandidatePairs(sigs: Signatures, opts: FindPairsOptions = {}): CandidatePairs {
  const { n, k, values, empty } = sigs;
  const minThreshold = opts.minThreshold ?? 0.5;
  const params = opts.params ?? chooseLshParams(minThreshold, k);
  const minMatches = Math.ceil(minThreshold * k - 1e-9);
  const pa: number[] = [];
  const pb: number[] = [];
  const pm: number[] = [];
  const add = (i: number, j: number, m: number) => {
    pa.push(Math.min(i, j));
    pb.push(Math.max(i, j));
    pm.push(m);
  };

  // 1. exact duplicates
  const live = new Int32Array(n).map((_, i) => i).filter((i) => !empty[i]);
  const full = new Uint32Array(n);
  for (const i of live) full[i] = signatureHash(values, i * k, (i + 1) * k);
  const byFull = sortRowsByKey(live, full);
  const reps: number[] = [];
  let exactDuplicates = 0;
  for (let s = 0; s < byFull.length;) {
    let e = s + 1;
    while (e < byFull.length && full[byFull[e]] === full[byFull[s]]) e++;
    // a hash collision between different signatures splits the run into true groups
    const groups: number[] = [];
    for (let p = s; p < e; p++) {
      const row = byFull[p];
      const g = groups.find((r) => sameSignature(values, k, r, row));
      if (g === undefined) groups.push(row);
      else {
        add(g, row, k);
        exactDuplicates++;
      }
    }
    reps.push(...groups);
    s = e;
  }

  // 2. bands over one row per exact group
  const repRows = Int32Array.from(reps);
  const keys = new Uint32Array(n);
  const seen = new Set<number>();
  let cappedBuckets = 0;
  const consider = (i: number, j: number) => {
    const key = i < j ? i * n + j : j * n + i;
    if (seen.has(key)) return;
    seen.add(key);
    const m = matchCount(sigs, i, j);
    if (m >= minMatches) add(i, j, m);
  };
  for (let band = 0; band < params.bands; band++) {
    const off = band * params.rows;
    for (const i of repRows) keys[i] = signatureHash(values, i * k + off, i * k + off + params.rows) ^ band;
    const order = sortRowsByKey(repRows, keys);
    for (let s = 0; s < order.length;) {
      let e = s + 1;
      while (e < order.length && keys[order[e]] === keys[order[s]]) e++;
      if (e - s <= MAX_BUCKET) {
        for (let x = s; x < e; x++) for (let y = x + 1; y < e; y++) consider(order[x], order[y]);
      } else {
        cappedBuckets++;
        for (let x = s + 1; x < e; x++) {
          consider(order[s], order[x]);
          consider(order[x - 1], order[x]);
        }
      }
      s = e;
    }
  }
  return { n, k, minThreshold, params, ...sortByMatches(pa, pb, pm, k), exactDuplicates, cappedBuckets };
}

/** Counting sort by match count, highest first; ties keep insertion order. */
function sortByMatches(pa: number[], pb: number[], pm: number[], k: number) {
  const count = new Int32Array(k + 2);
  for (const m of pm) count[k - m + 1]++;
  for (let i = 0; i <= k; i++) count[i + 1] += count[i];
  const a = new Uint32Array(pm.length);
  const b = new Uint32Array(pm.length);
  const matches = new Uint8Array(pm.length);
  for (let p = 0; p < pm.length; p++) {
    const at = count[k - pm[p]]++;
    a[at] = pa[p];
    b[at] = pb[p];
    matches[at] = pm[p];
  }
  return { a, b, matches };
}
