/**
 * scanText: every secret and personal-data span in one string, sorted by start, never overlapping.
 * Where spans overlap, a secret beats personal data, a provider's rule beats the generic ones, and
 * a longer span beats a shorter one: `"api_key": "sk-proj-…"` is one openai_api_key.
 */
import { scanPersonal } from './personal';
import { scanSecrets } from './secrets';
import type { ScanOptions, TextFinding } from './types';

const GENERIC_RULES = new Set(['generic-api-key', 'bearer-token', 'basic-auth-header', 'url-credentials']);

function rank(f: TextFinding): number {
  return (f.category === 'secret' ? 2 : 0) + (GENERIC_RULES.has(f.rule) ? 0 : 1);
}

function isBetter(a: TextFinding, b: TextFinding): boolean {
  const d = rank(a) - rank(b);
  return d !== 0 ? d > 0 : a.end - a.start > b.end - b.start;
}

/** Sorts by start and keeps the best of each group of overlapping spans. */
export function resolveOverlaps(found: TextFinding[]): TextFinding[] {
  if (found.length < 2) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TextFinding[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (!last || f.start >= last.end) out.push(f);
    else if (isBetter(f, last)) out[out.length - 1] = f;
  }
  return out;
}

export function scanText(text: string, opts: ScanOptions = {}): TextFinding[] {
  const found: TextFinding[] = [];
  // Fewer than 6 characters hold neither a secret nor personal data.
  if (text.length < 6) return found;
  const cats = opts.categories;
  if (!cats || cats.includes('secret')) scanSecrets(text, found);
  if (!cats || cats.includes('personal')) scanPersonal(text, found);
  return resolveOverlaps(found);
}
