/** Deterministic texts with known near-duplicates, for tests and bench/near-dup.ts. */
import { fmix32 } from '../hash';

/** `words` pseudo-words (from a vocabulary of 5,000) drawn from `seed`. */
export function randomText(seed: number, words: number): string {
  const out: string[] = [];
  let h = fmix32(seed + 0x9e3779b9);
  for (let i = 0; i < words; i++) {
    h = fmix32(h + i);
    out.push(`w${h % 5000}`);
  }
  return out.join(' ');
}

/** `text` with about `fraction` of its words replaced (deterministic in seed). */
export function mutateText(text: string, fraction: number, seed: number): string {
  const words = text.split(' ');
  let h = fmix32(seed + 0x7f4a7c15);
  for (let i = 0; i < words.length; i++) {
    h = fmix32(h + i);
    if (h / 4294967296 < fraction) words[i] = `m${h % 100000}`;
  }
  return words.join(' ');
}

/** Exact Jaccard similarity of two sets of shingle hashes. */
export function trueJaccard(a: Uint32Array, b: Uint32Array): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  const union = sa.size + sb.size - inter;
  return union === 0 ? 0 : inter / union;
}
