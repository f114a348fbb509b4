/**
 * The tokenization cache (TokenCount table), plus reads of cached per-rollout totals for curation.
 * lib/jobs/tokens.ts plugs getCachedStats/putCachedStats into lib/tokenize's AnalysisCache seam.
 *
 * Column mapping of an analysis cache key (lib/token-stats/cache-key.ts,
 * `v<N>:<contentHash>:<tokenizerKey>:<template16>:<sys|nosys>`):
 *   contentHash  = the rollout's content hash (joins Rollout.contentHash)
 *   tokenizerId  = the tokenizer key (id@fingerprint; a folder path may itself contain ':')
 *   templateHash = `<template16>:<sys|nosys>:v<N>`, i.e. everything else the result depends on
 * So the table's primary key is exactly the cache key, and a dataset's cached counts are one join.
 *
 * Uses the raw better-sqlite3 handle: thousands of small rows per analysis, and raw prepared
 * statements in one transaction are several times faster than Prisma (lib/db/README.md).
 */
import { analysisCacheKey } from '../token-stats/cache-key';
import type { RolloutTokenStats } from '../token-stats/rollout-stats';
import { getDb } from './client';

export interface TokenCountColumns {
  contentHash: string;
  tokenizerId: string;
  templateHash: string;
}

/** Splits a cache key into the three key columns; throws on a key that is not in the known format. */
export function keyToColumns(key: string): TokenCountColumns {
  const parts = key.split(':');
  // version, contentHash, tokenizerKey (>= 1 part), template16, sys flag
  if (parts.length < 5 || !/^v\d+$/.test(parts[0])) throw new Error(`not an analysis cache key: ${key}`);
  const [version, contentHash] = parts;
  const sys = parts[parts.length - 1];
  const template = parts[parts.length - 2];
  const tokenizerId = parts.slice(2, -2).join(':');
  return { contentHash, tokenizerId, templateHash: `${template}:${sys}:${version}` };
}

export function columnsToKey(c: TokenCountColumns): string {
  const [template, sys, version] = c.templateHash.split(':');
  return `${version}:${c.contentHash}:${c.tokenizerId}:${template}:${sys}`;
}

/** The (tokenizerId, templateHash) column values that an analysis with these settings writes. */
export function analysisColumns(p: {
  tokenizerKey: string;
  templateHash: string;
  removeSystemMessages?: boolean;
}): Omit<TokenCountColumns, 'contentHash'> {
  const { tokenizerId, templateHash } = keyToColumns(
    analysisCacheKey({
      contentHash: 'x',
      tokenizerKey: p.tokenizerKey,
      templateHash: p.templateHash,
      removeSystemMessages: p.removeSystemMessages ?? false,
    }),
  );
  return { tokenizerId, templateHash };
}

// SQLite's default limit on bound parameters is 32766; 3 per key leaves plenty of room.
const GET_CHUNK = 500;

/** Batch lookup: keys grouped by (tokenizer, template) so each chunk is one IN query on contentHash. */
export function getCachedStats(keys: string[]): Map<string, RolloutTokenStats> {
  const { raw } = getDb();
  const out = new Map<string, RolloutTokenStats>();
  const groups = new Map<string, { tokenizerId: string; templateHash: string; hashes: string[] }>();
  for (const key of keys) {
    const c = keyToColumns(key);
    const g = `${c.tokenizerId}\0${c.templateHash}`;
    let group = groups.get(g);
    if (!group) groups.set(g, (group = { tokenizerId: c.tokenizerId, templateHash: c.templateHash, hashes: [] }));
    group.hashes.push(c.contentHash);
  }
  for (const g of groups.values()) {
    for (let i = 0; i < g.hashes.length; i += GET_CHUNK) {
      const chunk = g.hashes.slice(i, i + GET_CHUNK);
      const rows = raw
        .prepare(
          `SELECT contentHash, result FROM "TokenCount" WHERE tokenizerId = ? AND templateHash = ? AND contentHash IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(g.tokenizerId, g.templateHash, ...chunk) as { contentHash: string; result: string }[];
      for (const r of rows) {
        try {
          out.set(
            columnsToKey({ contentHash: r.contentHash, tokenizerId: g.tokenizerId, templateHash: g.templateHash }),
            JSON.parse(r.result),
          );
        } catch {
          // A corrupt entry is a miss: it is recomputed and overwritten.
        }
      }
    }
  }
  return out;
}

/** One transaction per batch, so a canceled analysis keeps every finished batch. */
export function putCachedStats(entries: { key: string; stats: RolloutTokenStats }[]): void {
  if (entries.length === 0) return;
  const { raw } = getDb();
  const insert = raw.prepare(
    `INSERT OR REPLACE INTO "TokenCount" (contentHash, tokenizerId, templateHash, result) VALUES (?, ?, ?, ?)`,
  );
  raw.transaction(() => {
    for (const e of entries) {
      const c = keyToColumns(e.key);
      insert.run(c.contentHash, c.tokenizerId, c.templateHash, JSON.stringify(e.stats));
    }
  })();
}

/**
 * Cached total tokens per rollout of a dataset (rollout id → tokens) for one tokenizer + template.
 * Rollouts never analysed with these settings are absent: callers treat them as unknown.
 */
export function getTokenTotals({
  datasetId,
  tokenizerKey,
  templateHash,
  removeSystemMessages = false,
}: {
  datasetId: number;
  tokenizerKey: string;
  templateHash: string;
  removeSystemMessages?: boolean;
}): Map<number, number> {
  const cols = analysisColumns({ tokenizerKey, templateHash, removeSystemMessages });
  const rows = getDb()
    .raw.prepare(
      `SELECT r.id AS id, json_extract(t.result, '$.total') AS total
         FROM "Rollout" r JOIN "TokenCount" t
           ON t.contentHash = r.contentHash AND t.tokenizerId = ? AND t.templateHash = ?
        WHERE r.datasetId = ?`,
    )
    .all(cols.tokenizerId, cols.templateHash, datasetId) as { id: number; total: number | null }[];
  const out = new Map<number, number>();
  for (const r of rows) if (typeof r.total === 'number') out.set(r.id, r.total);
  return out;
}
