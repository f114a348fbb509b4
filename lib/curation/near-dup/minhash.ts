/**
 * MinHash signatures by one-permutation hashing with optimal densification (Li, Owen & Zhang 2012;
 * Shrivastava 2017): each shingle hash is mixed once with the seed; its top bits pick one of k bins
 * and its low 16 bits compete for that bin's minimum. Bins no shingle reached borrow the value of a
 * bin chosen by a fixed (bin, attempt) hash sequence, the same for every text, so two texts agree
 * on a bin with probability equal to their Jaccard similarity, as with k independent permutations,
 * at O(shingles + k) instead of O(shingles × k). Values are kept as 16-bit minima (b-bit MinHash,
 * Li & König 2010): two unrelated bins collide with probability 2^-16, a negligible bias, and a
 * million signatures of 128 bins take 256 MB instead of 512.
 */
import { fmix32, hashPair } from '../hash';
import { hashShingles } from './shingle';

export interface MinHashOptions {
  /** Bins per signature (default 128; at most 255, so a match count fits a byte). */
  numHashes?: number;
  /** Words per shingle (default 5). */
  shingle?: number;
  seed?: number;
}

export const DEFAULT_MINHASH = { numHashes: 128, shingle: 5, seed: 0 } as const;

export interface Signatures {
  n: number;
  /** Bins per signature. */
  k: number;
  /** Row i's signature is values[i*k, (i+1)*k). */
  values: Uint16Array;
  /** 1 where the text had no word: such rows are nobody's near-duplicate. */
  empty: Uint8Array;
}

export function createSignatures(n: number, k: number = DEFAULT_MINHASH.numHashes): Signatures {
  if (k < 1 || k > 255) throw new Error(`numHashes must be 1..255, got ${k}`);
  return { n, k, values: new Uint16Array(n * k), empty: new Uint8Array(n) };
}

const EMPTY_BIN = 0x10000;
let scratch = new Int32Array(0);

/** Writes row `row`'s signature from its shingle hashes; returns false when there were none. */
export function writeSignature(sigs: Signatures, row: number, shingles: Uint32Array, seed = 0): boolean {
  const { k, values } = sigs;
  const base = row * k;
  if (scratch.length !== k) scratch = new Int32Array(k);
  const mins = scratch.fill(EMPTY_BIN);
  const state = fmix32((seed ^ 0x5bd1e995) >>> 0);
  for (let s = 0; s < shingles.length; s++) {
    const h = fmix32((shingles[s] ^ state) >>> 0);
    const bin = Math.floor(((h >>> 16) * k) / 65536);
    const v = h & 0xffff;
    if (v < mins[bin]) mins[bin] = v;
  }
  if (shingles.length === 0) {
    sigs.empty[row] = 1;
    values.fill(0, base, base + k);
    return false;
  }
  sigs.empty[row] = 0;
  for (let j = 0; j < k; j++) {
    let v = mins[j];
    for (let attempt = 1; v === EMPTY_BIN; attempt++) v = mins[hashPair(j, attempt) % k];
    values[base + j] = v;
  }
  return true;
}

/** How many bins rows i and j agree on (0..k). */
export function matchCount(sigs: Signatures, i: number, j: number): number {
  const { k, values } = sigs;
  let m = 0;
  for (let a = i * k, b = j * k, end = a + k; a < end; a++, b++) if (values[a] === values[b]) m++;
  return m;
}

/** Estimated Jaccard similarity of rows i and j (0 when either is empty). */
export function estimateJaccard(sigs: Signatures, i: number, j: number): number {
  if (sigs.empty[i] || sigs.empty[j]) return 0;
  return matchCount(sigs, i, j) / sigs.k;
}

/** Signatures of texts, in one thread (lib/jobs/near-dup-signatures.ts spreads it over workers). */
export function signTexts(texts: readonly string[], opts: MinHashOptions = {}): Signatures {
  const o = { ...DEFAULT_MINHASH, ...opts };
  const sigs = createSignatures(texts.length, o.numHashes);
  texts.forEach((t, i) => writeSignature(sigs, i, hashShingles(t, o.shingle), o.seed));
  return sigs;
}
