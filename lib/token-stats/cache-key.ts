/**
 * What a cached per-rollout result depends on. The DB cache (lib/db/token-cache.ts) stores results
 * under this key; bump ANALYSIS_VERSION whenever lib/tokenize's analyze.ts/spans.ts change what they
 * compute.
 */

export const ANALYSIS_VERSION = 1;

export interface CacheKeyParts {
  contentHash: string;
  /** Tokenizer id plus a fingerprint of its files, so an edited folder does not reuse old counts. */
  tokenizerKey: string;
  templateHash: string;
  removeSystemMessages: boolean;
}

/** `d` is lib/tokenize's TokenizerDescriptor (its id and the fingerprint of its files). */
export function tokenizerKey(d: { id: string; fingerprint: string }): string {
  return `${d.id}@${d.fingerprint.slice(0, 16)}`;
}

export function analysisCacheKey(p: CacheKeyParts): string {
  return `v${ANALYSIS_VERSION}:${p.contentHash}:${p.tokenizerKey}:${p.templateHash.slice(0, 16)}:${p.removeSystemMessages ? 'nosys' : 'sys'}`;
}
