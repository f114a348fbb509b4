/**
 * What a cached per-rollout result depends on, and how it is stored. The DB cache
 * (lib/db/token-cache.ts) keeps results under this key as opaque text; bump ANALYSIS_VERSION whenever
 * lib/tokenize's analyze.ts, spans.ts, fast-encode.ts or export-shape.ts change what they compute.
 */
import type { RolloutTokenStats, TokenSpan } from './rollout-stats';

/** v2: the export's conversation (export-shape.ts), "remove system prompt" computed alongside, compact text. */
export const ANALYSIS_VERSION = 2;

export interface CacheKeyParts {
  contentHash: string;
  /** Tokenizer id plus a fingerprint of its files, so an edited folder does not reuse old counts. */
  tokenizerKey: string;
  templateHash: string;
  /** export-shape.ts shapeKey(): the export format and the options that change its conversations. */
  shapeKey: string;
}

/** `d` is lib/tokenize's TokenizerDescriptor (its id and the fingerprint of its files). */
export function tokenizerKey(d: { id: string; fingerprint: string }): string {
  return `${d.id}@${d.fingerprint.slice(0, 16)}`;
}

export function analysisCacheKey(p: CacheKeyParts): string {
  return `v${ANALYSIS_VERSION}:${p.contentHash}:${p.tokenizerKey}:${p.templateHash.slice(0, 16)}:${p.shapeKey}`;
}

/**
 * A result as stored: one JSON array, [total, system, systemNoSys, assistant, completionStart,
 * exact (0/1), spanCount, start0, end0, ..., warning strings...]. The total is element 0, so SQL
 * can read it (`json_extract(result, '$[0]')`) without parsing the rest.
 */
export function encodeStats(
  s: Omit<RolloutTokenStats, 'spans'> & { spans: readonly (readonly [number, number])[] },
): string {
  const out: (number | string)[] = [
    s.total,
    s.system,
    s.systemNoSys,
    s.assistant,
    s.completionStart,
    s.exact ? 1 : 0,
    s.spans.length,
  ];
  for (const [a, b] of s.spans) out.push(a, b);
  if (s.warnings) out.push(...s.warnings);
  return JSON.stringify(out);
}

/** The stored text back as stats, or null when it is not a result of this version's format. */
export function decodeStats(text: string): RolloutTokenStats | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length < 7) return null;
  const nums = v.slice(0, 7);
  if (!nums.every((x) => Number.isInteger(x))) return null;
  const [total, system, systemNoSys, assistant, completionStart, exact, count] = nums as number[];
  const end = 7 + 2 * count;
  if (v.length < end) return null;
  const spans: TokenSpan[] = [];
  for (let k = 7; k < end; k += 2) spans.push([v[k] as number, v[k + 1] as number]);
  const stats: RolloutTokenStats = {
    total,
    system,
    systemNoSys,
    assistant,
    completionStart,
    spans,
    exact: exact === 1,
  };
  if (v.length > end) stats.warnings = v.slice(end).map(String);
  return stats;
}
