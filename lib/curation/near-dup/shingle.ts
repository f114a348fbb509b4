/**
 * Word shingles as 32-bit hashes, without building word strings: one pass over the UTF-16 code
 * units. A word is a run of ASCII letters and digits or of any code unit ≥ 128 (accented and
 * non-Latin letters), lower-cased for ASCII; everything else separates words. A shingle is k
 * consecutive words; a text of fewer than k words is one shingle of all its words.
 */
import { fmix32 } from '../hash';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function isWordUnit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c >= 128;
}

/** Hash of the k word hashes ending at ring[end]: order matters, so "a b" ≠ "b a". */
function combine(ring: Uint32Array, k: number, end: number, count: number): number {
  let h = 0x9e3779b9 ^ count;
  for (let j = count - 1; j >= 0; j--) h = Math.imul(h ^ ring[(end - j + k * 2) % k], 0x85ebca6b) + 0x27d4eb2f;
  return fmix32(h >>> 0);
}

/** The text's shingle hashes (duplicates included: MinHash ignores them). */
export function hashShingles(text: string, k: number): Uint32Array {
  const out: number[] = [];
  const ring = new Uint32Array(k);
  let words = 0;
  let h = FNV_OFFSET;
  let inWord = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if (isWordUnit(c)) {
      h = Math.imul(h ^ (c >= 65 && c <= 90 ? c | 32 : c), FNV_PRIME);
      inWord = true;
    } else if (inWord) {
      ring[words % k] = fmix32(h >>> 0);
      words++;
      if (words >= k) out.push(combine(ring, k, (words - 1) % k, k));
      h = FNV_OFFSET;
      inWord = false;
    }
  }
  if (words > 0 && words < k) out.push(combine(ring, k, words - 1, words));
  return Uint32Array.from(out);
}
