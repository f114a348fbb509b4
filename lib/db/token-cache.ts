/**
 * The tokenization cache (TokenCount table): per-rollout analysis results as opaque text (the
 * format is lib/token-stats/cache-key.ts's encodeStats, a JSON array whose element 0 is the total),
 * plus reads of cached per-rollout totals for curation. lib/jobs/tokens.ts reads and writes it.
 *
 * Column mapping of an analysis cache key (lib/token-stats/cache-key.ts,
 * `v<N>:<contentHash>:<tokenizerKey>:<template16>:<shape>`):
 *   contentHash  = the rollout's content hash (joins Rollout.contentHash)
 *   tokenizerId  = the tokenizer key (id@fingerprint; a folder path may itself contain ':')
 *   templateHash = `<template16>:<shape>:v<N>`, i.e. everything else the result depends on
 * So the table's primary key is exactly the cache key, and a dataset's cached counts are one join.
 *
 * Uses the raw better-sqlite3 handle: thousands of small rows per analysis, and raw prepared
 * statements in one transaction are several times faster than Prisma (lib/db/README.md).
 */
import { getDb } from './client';

export interface TokenCountColumns {
  contentHash: string;
  tokenizerId: string;
  templateHash: string;
}

/** Every result of one analysis setting: the key columns other than contentHash. */
export type CacheScope = Omit<TokenCountColumns, 'contentHash'>;

/** Splits a cache key into the three key columns; throws on a key that is not in the known format. */
export function keyToColumns(key: string): TokenCountColumns {
  const parts = key.split(':');
  // version, contentHash, tokenizerKey (>= 1 part), template16, shape
  if (parts.length < 5 || !/^v\d+$/.test(parts[0])) throw new Error(`not an analysis cache key: ${key}`);
  const [version, contentHash] = parts;
  const shape = parts[parts.length - 1];
  const template = parts[parts.length - 2];
  const tokenizerId = parts.slice(2, -2).join(':');
  return { contentHash, tokenizerId, templateHash: `${template}:${shape}:${version}` };
}

export function columnsToKey(c: TokenCountColumns): string {
  const [template, shape, version] = c.templateHash.split(':');
  return `${version}:${c.contentHash}:${c.tokenizerId}:${template}:${shape}`;
}

/** The scope an analysis with these settings reads and writes (`version` = ANALYSIS_VERSION). */
export function cacheScope(p: {
  tokenizerKey: string;
  templateHash: string;
  shapeKey: string;
  version: number;
}): CacheScope {
  return { tokenizerId: p.tokenizerKey, templateHash: `${p.templateHash.slice(0, 16)}:${p.shapeKey}:v${p.version}` };
}

// SQLite's default limit on bound parameters is 32766; chunks stay far below it.
const GET_CHUNK = 900;

/** Cached results of `contentHashes` in one scope, keyed by content hash; misses are absent. */
export function getCachedResults(scope: CacheScope, contentHashes: readonly string[]): Map<string, string> {
  const { raw } = getDb();
  const out = new Map<string, string>();
  for (let i = 0; i < contentHashes.length; i += GET_CHUNK) {
    const chunk = contentHashes.slice(i, i + GET_CHUNK);
    const rows = raw
      .prepare(
        `SELECT contentHash, result FROM "TokenCount" WHERE tokenizerId = ? AND templateHash = ? AND contentHash IN (${chunk.map(() => '?').join(',')})`,
      )
      .all(scope.tokenizerId, scope.templateHash, ...chunk) as { contentHash: string; result: string }[];
    for (const r of rows) out.set(r.contentHash, r.result);
  }
  return out;
}

/** One transaction per call, so a canceled analysis keeps every batch it stored. */
export function putCachedResults(scope: CacheScope, entries: readonly { contentHash: string; result: string }[]): void {
  if (entries.length === 0) return;
  const { raw } = getDb();
  const insert = raw.prepare(
    `INSERT OR REPLACE INTO "TokenCount" (contentHash, tokenizerId, templateHash, result) VALUES (?, ?, ?, ?)`,
  );
  raw.transaction(() => {
    for (const e of entries) insert.run(e.contentHash, scope.tokenizerId, scope.templateHash, e.result);
  })();
}

/** Batch lookup by full cache keys (keys of several scopes may be mixed). */
export function getCachedByKey(keys: readonly string[]): Map<string, string> {
  const groups = new Map<string, { scope: CacheScope; hashes: string[] }>();
  for (const key of keys) {
    const c = keyToColumns(key);
    const g = `${c.tokenizerId}\0${c.templateHash}`;
    let group = groups.get(g);
    if (!group)
      groups.set(g, (group = { scope: { tokenizerId: c.tokenizerId, templateHash: c.templateHash }, hashes: [] }));
    group.hashes.push(c.contentHash);
  }
  const out = new Map<string, string>();
  for (const { scope, hashes } of groups.values())
    for (const [contentHash, result] of getCachedResults(scope, hashes))
      out.set(columnsToKey({ contentHash, ...scope }), result);
  return out;
}

/**
 * Cached total tokens per rollout of a dataset (rollout id → tokens) in one scope; with
 * removeSystemMessages, the total without the system prompt where the analysis knows it.
 * Rollouts never analysed with these settings are absent: callers treat them as unknown.
 */
export function getTokenTotals({
  datasetId,
  scope,
  removeSystemMessages = false,
}: {
  datasetId: number;
  scope: CacheScope;
  removeSystemMessages?: boolean;
}): Map<number, number> {
  const total = removeSystemMessages
    ? `CASE WHEN json_extract(t.result, '$[2]') >= 0
         THEN json_extract(t.result, '$[0]') - json_extract(t.result, '$[1]') + json_extract(t.result, '$[2]')
         ELSE json_extract(t.result, '$[0]') END`
    : `json_extract(t.result, '$[0]')`;
  const rows = getDb()
    .raw.prepare(
      `SELECT r.id AS id, ${total} AS total
         FROM "Rollout" r JOIN "TokenCount" t
           ON t.contentHash = r.contentHash AND t.tokenizerId = ? AND t.templateHash = ?
        WHERE r.datasetId = ?`,
    )
    .all(scope.tokenizerId, scope.templateHash, datasetId) as { id: number; total: number | null }[];
  const out = new Map<number, number>();
  // A negative total marks a rollout the analysed export leaves out.
  for (const r of rows) if (typeof r.total === 'number' && r.total >= 0) out.set(r.id, r.total);
  return out;
}
