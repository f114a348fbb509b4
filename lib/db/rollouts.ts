/**
 * The rollout table's reads: filtered, sorted pages of list columns (never the body), neighbours for
 * the viewer's next/previous, and the per-dataset metric names. Dynamic filters, json_extract sorts
 * and FTS5 MATCH are beyond Prisma's query builder, so these use the raw better-sqlite3 handle;
 * every value is bound (see rollout-query-sql.ts).
 */
import { getDb } from './client';
import { searchableText } from '../formats/stats';
import type { Message } from '../formats/types';
import type { PageSize, RolloutFilters, RolloutQuery, RolloutSort } from '../query/rollout-query';
import {
  buildSnippet,
  countSql,
  countValuesSql,
  ftsMatchExpression,
  pageSql,
  rankSql,
  sortSql,
  whereSql,
  type SnippetPart,
  type SortSql,
  type SqlPart,
  type WhereSql,
} from './rollout-query-sql';

export type { SnippetPart } from './rollout-query-sql';

export interface RolloutListRow {
  id: number;
  externalId: string;
  taskId: string | null;
  trial: number | null;
  reward: number | null;
  success: boolean | null;
  split: string | null;
  numMessages: number;
  numTurns: number;
  numToolCalls: number;
  metrics: Record<string, number>;
  /** Excerpt around the first search hit (only when a search is active). */
  snippet: SnippetPart[] | null;
}

interface RawRow {
  id: number;
  externalId: string;
  taskId: string | null;
  trial: number | null;
  reward: number | null;
  success: number | null;
  split: string | null;
  numMessages: number;
  numTurns: number;
  numToolCalls: number;
  metrics: string;
}

export interface ListRolloutsInput {
  datasetId: number;
  /** 1-based. */
  page: number;
  pageSize: PageSize | number;
  sort: RolloutSort;
  filters: RolloutFilters;
  q?: string;
  /** Count matching rows up to this many (default COUNT_CAP); see listRollouts. */
  countCap?: number;
}

/**
 * Totals are exact up to this many matching rows; past it the table says "10,000+". Counting every
 * match of a broad filter at 1M rollouts costs a full index walk (~100 ms idle, seconds under load)
 * on every page view; a capped count costs at most the cap.
 */
export const COUNT_CAP = 10_000;
/** A search with fewer FTS matches than this reads its rows by rowid (see WhereInput). */
const SELECTIVE_SEARCH = 20_000;

function prepareWhere(datasetId: number, filters: RolloutFilters, q: string): WhereSql {
  const match = q ? ftsMatchExpression(q) : null;
  let isSearchSelective = false;
  if (match) {
    const n = (
      getDb()
        .raw.prepare(`SELECT count(*) AS n FROM (SELECT rowid FROM rollout_fts WHERE rollout_fts MATCH ? LIMIT ?)`)
        .get(match, SELECTIVE_SEARCH) as { n: number }
    ).n;
    isSearchSelective = n < SELECTIVE_SEARCH;
  }
  return whereSql({ datasetId, filters, q, isSearchSelective });
}

function countUpTo(p: SqlPart): number {
  return (
    getDb()
      .raw.prepare(p.sql)
      .get(...p.params) as { n: number }
  ).n;
}

/**
 * The id sort (the default view) is served by the table's own rowid order, stopping after one page.
 * Without planner statistics (the app never runs ANALYZE) SQLite believes `datasetId = ?` is
 * selective and instead reads every rollout of the dataset through a (datasetId, ...) index and
 * sorts them all (~0.3-4 s at 1M). NOT INDEXED forbids that. A task filter keeps its index: a task
 * has a handful of rows, which a rowid walk would have to find in the whole table.
 */
function orderedFrom(where: WhereSql, sort: SortSql, filters: RolloutFilters): WhereSql {
  if (sort.expr !== 'r.id' || filters.task !== undefined || where.from.includes('NOT INDEXED')) return where;
  return { ...where, from: '"Rollout" r NOT INDEXED' };
}

/** Rows [offset, offset+limit) of the ordered list: the valued part, then the null part. */
function readWindow<T>(where: WhereSql, sort: SortSql, offset: number, limit: number, columns?: string): T[] {
  const { raw } = getDb();
  const p = pageSql(where, sort, 'values', limit, offset, columns);
  const rows = raw.prepare(p.sql).all(...p.params) as T[];
  if (!sort.nullable || rows.length === limit) return rows;
  // The valued part ends inside (or before) this window: continue with the null part.
  const values = rows.length > 0 ? offset + rows.length : countUpTo(countValuesSql(where, sort, offset));
  const n = pageSql(where, sort, 'nulls', limit - rows.length, offset + rows.length - values, columns);
  rows.push(...(raw.prepare(n.sql).all(...n.params) as T[]));
  return rows;
}

function parseMetrics(s: string): Record<string, number> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, number>) : {};
  } catch {
    return {};
  }
}

/** Snippets for the given rows only (the index is contentless: text comes from RolloutBody). */
function snippets(ids: number[], q: string): Map<number, SnippetPart[] | null> {
  const out = new Map<number, SnippetPart[] | null>();
  if (ids.length === 0) return out;
  const bodies = getDb()
    .raw.prepare(`SELECT rolloutId, messages FROM "RolloutBody" WHERE rolloutId IN (${ids.map(() => '?').join(',')})`)
    .all(...ids) as { rolloutId: number; messages: string }[];
  for (const b of bodies) {
    let text = '';
    let system = '';
    try {
      const messages = JSON.parse(b.messages) as Message[];
      // Prefer a hit in the conversation itself: the system prompt is often shared by every row.
      text = searchableText(messages.filter((m) => m.role !== 'system'));
      system = searchableText(messages.filter((m) => m.role === 'system'));
    } catch {
      text = b.messages;
    }
    out.set(b.rolloutId, buildSnippet(text, q) ?? (system ? buildSnippet(system, q) : null));
  }
  return out;
}

export interface RolloutPage {
  rows: RolloutListRow[];
  /** Matching rows; a lower bound when isTotalExact is false. */
  total: number;
  isTotalExact: boolean;
}

/** One page of the rollout table, with the number of matching rows (exact up to the count cap). */
export async function listRollouts({
  datasetId,
  page,
  pageSize,
  sort,
  filters,
  q = '',
  countCap = COUNT_CAP,
}: ListRolloutsInput): Promise<RolloutPage> {
  const where = prepareWhere(datasetId, filters, q.trim());
  const s = sortSql(sort);
  const offset = (Math.max(1, page) - 1) * pageSize;
  // Count at least one row past this page, so "is there a next page" is always known.
  const cap = Math.max(countCap, offset + pageSize + 1);
  const total = countUpTo(countSql(where, cap));
  const raw = offset < total ? readWindow<RawRow>(orderedFrom(where, s, filters), s, offset, pageSize) : [];
  const snips = q.trim()
    ? snippets(
        raw.map((r) => r.id),
        q,
      )
    : null;
  const rows = raw.map((r) => ({
    ...r,
    success: r.success == null ? null : r.success !== 0,
    metrics: parseMetrics(r.metrics),
    snippet: snips?.get(r.id) ?? null,
  }));
  return { rows, total, isTotalExact: total < cap };
}

export interface Neighbors {
  prevId: number | null;
  nextId: number | null;
  /** 0-based position of `id` in the filtered, sorted list; -1 when the filter excludes it. */
  index: number;
  /** Matching rows; a lower bound when isTotalExact is false (see COUNT_CAP). */
  total: number;
  isTotalExact: boolean;
}

/** The rows before and after `id` within the table's current filter and sort (viewer next/prev). */
export async function neighborIds({
  datasetId,
  query,
  id,
  countCap = COUNT_CAP,
}: {
  datasetId: number;
  query: Pick<RolloutQuery, 'sort' | 'filters' | 'q'>;
  id: number;
  countCap?: number;
}): Promise<Neighbors> {
  const { raw } = getDb();
  const where = prepareWhere(datasetId, query.filters, query.q.trim());
  const s = sortSql(query.sort);
  const own = raw
    .prepare(`SELECT ${s.expr} AS v FROM ${where.from} WHERE r.id = ? AND ${where.sql}`)
    .get(...s.params, id, ...where.params) as { v: unknown } | undefined;
  if (!own) {
    const total = countUpTo(countSql(where, countCap));
    return { prevId: null, nextId: null, index: -1, total, isTotalExact: total < countCap };
  }
  const isNull = s.nullable && own.v === null;
  const rank = rankSql(where, s, isNull ? 'nulls' : 'values', own.v, id);
  const before = countUpTo(rank);
  const index = isNull ? countUpTo(countValuesSql(where, s, Number.MAX_SAFE_INTEGER)) + before : before;
  const from = Math.max(0, index - 1);
  const ids = readWindow<{ id: number }>(
    orderedFrom(where, s, query.filters),
    s,
    from,
    index === 0 ? 2 : 3,
    'r.id',
  ).map((r) => r.id);
  const at = index - from;
  const cap = Math.max(countCap, index + 2);
  const total = countUpTo(countSql(where, cap));
  return { prevId: at > 0 ? ids[0] : null, nextId: ids[at + 1] ?? null, index, total, isTotalExact: total < cap };
}

export interface MetricStat {
  name: string;
  /** Rollouts that have this metric. */
  count: number;
  min: number;
  max: number;
  /**
   * Of those, how many have it equal to their reward. A metric named `reward` with
   * equalsReward = count (tau2's reward_info.reward, NeMo-Gym's top-level reward) repeats the
   * Reward column, so tables show it once (lib/ui/reward-metric.ts).
   */
  equalsReward: number;
}

interface MetricCacheEntry {
  fingerprint: string;
  stats: MetricStat[];
}

const metricCache = new Map<string, MetricCacheEntry>();

/**
 * Changes whenever rollouts are added to the dataset: ingest bumps Dataset.updatedAt and adds an
 * Import row. (Rollouts deleted one by one without touching either would leave the cache stale.)
 */
export function datasetFingerprint(datasetId: number): string | null {
  const row = getDb()
    .raw.prepare(
      `SELECT d.updatedAt AS u, (SELECT count(*) FROM "Import" i WHERE i.datasetId = d.id) AS n,
              (SELECT coalesce(sum(imported), 0) FROM "Import" i WHERE i.datasetId = d.id) AS s
       FROM "Dataset" d WHERE d.id = ?`,
    )
    .get(datasetId) as { u: unknown; n: number; s: number } | undefined;
  return row ? `${String(row.u)}|${row.n}|${row.s}` : null;
}

/**
 * Name, count and range of every numeric metric in the dataset, from a full json_each scan (exact,
 * not sampled). The scan costs seconds at 1M rollouts, so results are cached per dataset in memory
 * and in the Setting table (key `metric-stats:<id>`), keyed by a fingerprint of the imports.
 */
export async function listMetricStats({ datasetId }: { datasetId: number }): Promise<MetricStat[]> {
  const { raw } = getDb();
  const fp = datasetFingerprint(datasetId);
  if (fp === null) return [];
  const key = `metric-stats:${datasetId}`;
  const mem = metricCache.get(`${getDb().path}:${key}`);
  if (mem?.fingerprint === fp) return mem.stats;
  const stored = raw.prepare(`SELECT value FROM "Setting" WHERE key = ?`).get(key) as { value: string } | undefined;
  if (stored) {
    try {
      const e = JSON.parse(stored.value) as MetricCacheEntry;
      // Entries written before equalsReward existed are recomputed.
      if (e.fingerprint === fp && Array.isArray(e.stats) && e.stats.every((m) => typeof m.equalsReward === 'number')) {
        metricCache.set(`${getDb().path}:${key}`, e);
        return e.stats;
      }
    } catch {
      // a damaged cache entry is recomputed below
    }
  }
  const stats = raw
    .prepare(
      `SELECT j.key AS name, count(*) AS count, min(j.value) AS min, max(j.value) AS max,
              coalesce(sum(j.value = r.reward), 0) AS equalsReward
       FROM "Rollout" r, json_each(r.metrics) j
       WHERE r.datasetId = ? AND j.type IN ('integer', 'real', 'true', 'false')
       GROUP BY j.key ORDER BY j.key`,
    )
    .all(datasetId) as MetricStat[];
  const entry: MetricCacheEntry = { fingerprint: fp, stats };
  metricCache.set(`${getDb().path}:${key}`, entry);
  raw
    .prepare(`INSERT INTO "Setting" (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
    .run(key, JSON.stringify(entry));
  return stats;
}

/** Metric names of the dataset, sorted (cached; see listMetricStats). */
export async function listMetricNames({ datasetId }: { datasetId: number }): Promise<string[]> {
  return (await listMetricStats({ datasetId })).map((m) => m.name);
}

/** Distinct task ids (for the task filter's suggestions), capped. */
export async function listTaskIds({
  datasetId,
  limit = 500,
}: {
  datasetId: number;
  limit?: number;
}): Promise<string[]> {
  const rows = getDb()
    .raw.prepare(
      `SELECT DISTINCT taskId FROM "Rollout" WHERE datasetId = ? AND taskId IS NOT NULL ORDER BY taskId LIMIT ?`,
    )
    .all(datasetId, limit) as { taskId: string }[];
  return rows.map((r) => r.taskId);
}
