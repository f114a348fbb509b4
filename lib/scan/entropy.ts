/**
 * Shannon entropy in bits per character of text[start, end). Secrets drawn uniformly from base62 or
 * base64 score about 4.5–5.5 on 20–40 characters; words and identifiers score 2.5–3.5; repeated or
 * placeholder values (`xxxxxxxx`, `EMPTY`) score under 2.5. Thresholds are per rule (README).
 */
export function shannonEntropy(text: string, start = 0, end = text.length): number {
  const n = end - start;
  if (n <= 0) return 0;
  // Secrets are ASCII; a Map keeps non-ASCII text correct without a 64K table per call.
  const counts = new Map<number, number>();
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}
