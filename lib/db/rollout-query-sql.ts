/**
 * Rollout table filters/sort → SQL text + bound parameters (pure: no database handle). Every user
 * value is a bound parameter; the only text spliced into SQL comes from fixed tables below.
 *
 * Sort and NULLs: nullable sort columns put NULLs last in both directions. Rather than
 * `ORDER BY x IS NULL, x` (which defeats the (datasetId, reward) index and forces a full sort), the
 * list is read as two parts: the non-null rows in index order, then the null rows by id. The caller
 * (lib/db/rollouts.ts) stitches pages across the boundary.
 */
import { METRIC_NAME_RE, type NumRange, type RolloutFilters, type RolloutSort } from '../query/rollout-query';

export interface SqlPart {
  sql: string;
  params: unknown[];
}

/** JSON path for a metric name (validated: no quotes/backslashes, see METRIC_NAME_RE). */
export function metricPath(name: string): string {
  if (!METRIC_NAME_RE.test(name)) throw new Error(`invalid metric name: ${JSON.stringify(name)}`);
  return `$."${name}"`;
}

const SORT_COLUMNS: Record<string, { expr: string; nullable: boolean }> = {
  id: { expr: 'r.id', nullable: false },
  task: { expr: 'r.taskId', nullable: true },
  trial: { expr: 'r.trial', nullable: true },
  reward: { expr: 'r.reward', nullable: true },
  success: { expr: 'r.success', nullable: true },
  turns: { expr: 'r.numTurns', nullable: false },
  toolCalls: { expr: 'r.numToolCalls', nullable: false },
  split: { expr: 'r.split', nullable: true },
};

export interface SortSql {
  /** Expression sorted on (may reference one bound parameter, listed in params). */
  expr: string;
  params: unknown[];
  nullable: boolean;
  dir: 'ASC' | 'DESC';
}

export function sortSql(sort: RolloutSort): SortSql {
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  if (sort.key.startsWith('metric.')) {
    return {
      expr: 'json_extract(r.metrics, ?)',
      params: [metricPath(sort.key.slice('metric.'.length))],
      nullable: true,
      dir,
    };
  }
  const col = SORT_COLUMNS[sort.key];
  if (!col) throw new Error(`unknown sort key ${sort.key}`);
  return { expr: col.expr, params: [], nullable: col.nullable, dir };
}

function range(expr: string, r: NumRange | undefined, exprParams: unknown[] = []): SqlPart[] {
  if (!r) return [];
  const out: SqlPart[] = [];
  if (r.min !== undefined) out.push({ sql: `${expr} >= ?`, params: [...exprParams, r.min] });
  if (r.max !== undefined) out.push({ sql: `${expr} <= ?`, params: [...exprParams, r.max] });
  return out;
}

/**
 * A safe FTS5 MATCH expression from free text: every term becomes a quoted string ("" escapes a
 * quote), so operators (AND, OR, NOT, NEAR), parentheses, colons and stray quotes are plain words.
 * A trailing `*` on a term keeps its prefix meaning. Terms without a letter or digit are dropped
 * (the tokenizer would drop them anyway, and an empty phrase is an error). Terms are ANDed.
 * Returns null when nothing searchable is left.
 */
export function ftsMatchExpression(text: string): string | null {
  const terms: string[] = [];
  for (const raw of text.split(/\s+/)) {
    if (!raw) continue;
    const prefix = /\*+$/.test(raw);
    const word = raw.replace(/\*+$/, '');
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    terms.push(`"${word.replace(/"/g, '""')}"${prefix ? '*' : ''}`);
    if (terms.length >= 32) break;
  }
  return terms.length > 0 ? terms.join(' ') : null;
}

/** The plain words of the search text (what the snippet highlights). */
export function searchTerms(text: string): { word: string; prefix: boolean }[] {
  const out: { word: string; prefix: boolean }[] = [];
  for (const raw of text.split(/\s+/)) {
    const prefix = /\*+$/.test(raw);
    // the tokenizer splits on anything that is not a letter or digit
    for (const w of raw.replace(/\*+$/, '').split(/[^\p{L}\p{N}]+/u)) if (w) out.push({ word: w, prefix });
  }
  return out;
}

export interface WhereInput {
  datasetId: number;
  filters: RolloutFilters;
  q?: string;
  /**
   * The search matches few rows: read them by rowid (FROM ... NOT INDEXED) instead of letting the
   * planner walk a (datasetId, ...) index over every rollout and probe the match list. The caller
   * decides with a capped count of the FTS matches.
   */
  isSearchSelective?: boolean;
}

export interface WhereSql extends SqlPart {
  /** FROM target: `"Rollout" r`, possibly with NOT INDEXED. */
  from: string;
}

/** WHERE clause (without the keyword) over `"Rollout" r`. */
export function whereSql({ datasetId, filters: f, q, isSearchSelective = false }: WhereInput): WhereSql {
  const parts: SqlPart[] = [{ sql: 'r.datasetId = ?', params: [datasetId] }];
  parts.push(...range('r.reward', f.reward));
  if (f.hasReward !== undefined)
    parts.push({ sql: f.hasReward ? 'r.reward IS NOT NULL' : 'r.reward IS NULL', params: [] });
  for (const name of Object.keys(f.metrics).sort())
    parts.push(...range('json_extract(r.metrics, ?)', f.metrics[name], [metricPath(name)]));
  if (f.task !== undefined) parts.push({ sql: 'r.taskId = ?', params: [f.task] });
  if (f.split !== undefined) parts.push({ sql: 'r.split = ?', params: [f.split] });
  if (f.success !== undefined) parts.push({ sql: 'r.success = ?', params: [f.success ? 1 : 0] });
  if (f.hasToolCalls !== undefined)
    parts.push({ sql: f.hasToolCalls ? 'r.numToolCalls > 0' : 'r.numToolCalls = 0', params: [] });
  parts.push(...range('r.numTurns', f.turns));
  const match = q ? ftsMatchExpression(q) : null;
  if (match) parts.push({ sql: 'r.id IN (SELECT rowid FROM rollout_fts WHERE rollout_fts MATCH ?)', params: [match] });
  const from = match && isSearchSelective ? '"Rollout" r NOT INDEXED' : '"Rollout" r';
  return { from, sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
}

/** Only list columns: never the body. */
export const LIST_COLUMNS = `r.id, r.externalId, r.taskId, r.trial, r.reward, r.success, r.split, r.numMessages, r.numTurns, r.numToolCalls, r.metrics`;

/**
 * count(*) of the matching rows, stopping at `cap` (LIMIT inside, so the cost is bounded by the
 * cap rather than by the dataset). A result of `cap` means "at least cap".
 */
export function countSql(where: WhereSql, cap: number): SqlPart {
  return {
    sql: `SELECT count(*) AS n FROM (SELECT 1 FROM ${where.from} WHERE ${where.sql} LIMIT ?)`,
    params: [...where.params, cap],
  };
}

/** Like countSql, for the rows whose sort value is not null (the 'values' part). */
export function countValuesSql(where: WhereSql, sort: SortSql, cap: number): SqlPart {
  const notNull = sort.nullable ? ` AND ${sort.expr} IS NOT NULL` : '';
  return {
    sql: `SELECT count(*) AS n FROM (SELECT 1 FROM ${where.from} WHERE ${where.sql}${notNull} LIMIT ?)`,
    params: [...where.params, ...(sort.nullable ? sort.params : []), cap],
  };
}

/**
 * One part of the ordered list. `part: 'values'` = rows with a sort value, ordered by it (ties by id
 * in the same direction, which the (datasetId, reward, id, ...) index serves directly); `part:
 * 'nulls'` = rows without one, by id ascending.
 */
export function pageSql(
  where: WhereSql,
  sort: SortSql,
  part: 'values' | 'nulls',
  limit: number,
  offset: number,
  columns = LIST_COLUMNS,
): SqlPart {
  if (part === 'nulls') {
    return {
      sql: `SELECT ${columns} FROM ${where.from} WHERE ${where.sql} AND ${sort.expr} IS NULL ORDER BY r.id ASC LIMIT ? OFFSET ?`,
      params: [...where.params, ...sort.params, limit, offset],
    };
  }
  const notNull = sort.nullable ? ` AND ${sort.expr} IS NOT NULL` : '';
  const isId = sort.expr === 'r.id';
  const order = isId ? `r.id ${sort.dir}` : `${sort.expr} ${sort.dir}, r.id ${sort.dir}`;
  return {
    sql: `SELECT ${columns} FROM ${where.from} WHERE ${where.sql}${notNull} ORDER BY ${order} LIMIT ? OFFSET ?`,
    params: [...where.params, ...(sort.nullable ? sort.params : []), ...(isId ? [] : sort.params), limit, offset],
  };
}

/**
 * How many rows of a part come before the row whose sort value is `value` and id is `id` (its
 * 0-based position inside that part). For the 'nulls' part `value` is ignored.
 */
export function rankSql(where: WhereSql, sort: SortSql, part: 'values' | 'nulls', value: unknown, id: number): SqlPart {
  if (part === 'nulls') {
    return {
      sql: `SELECT count(*) AS n FROM ${where.from} WHERE ${where.sql} AND ${sort.expr} IS NULL AND r.id < ?`,
      params: [...where.params, ...sort.params, id],
    };
  }
  const cmp = sort.dir === 'DESC' ? '>' : '<';
  if (sort.expr === 'r.id')
    return {
      sql: `SELECT count(*) AS n FROM ${where.from} WHERE ${where.sql} AND r.id ${cmp} ?`,
      params: [...where.params, id],
    };
  return {
    sql: `SELECT count(*) AS n FROM ${where.from} WHERE ${where.sql} AND (${sort.expr} ${cmp} ? OR (${sort.expr} = ? AND r.id ${cmp} ?))`,
    params: [...where.params, ...sort.params, value, ...sort.params, value, id],
  };
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** Lower case without diacritics, with a map from each folded char back to its source index. */
function fold(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const f = /[\u0000-\u007f]/.test(ch) ? ch.toLowerCase() : ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (let k = 0; k < f.length; k++) map.push(i);
    folded += f;
  }
  map.push(text.length);
  return { folded, map };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * A short excerpt of `text` around the first search hit, split into plain and highlighted parts.
 * Matching mirrors the FTS tokenizer closely enough for display: case- and diacritic-insensitive,
 * whole tokens (or token prefixes for `term*`). Null when no term occurs.
 */
export function buildSnippet(text: string, q: string, width = 160): SnippetPart[] | null {
  const terms = searchTerms(q).map((t) => ({ ...t, word: fold(t.word).folded }));
  if (terms.length === 0) return null;
  const { folded, map } = fold(text);
  const hits: [number, number][] = [];
  for (const t of terms) {
    let from = 0;
    for (;;) {
      const at = folded.indexOf(t.word, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + t.word.length;
      if (at > 0 && WORD_CHAR.test(folded[at - 1])) continue;
      if (!t.prefix && end < folded.length && WORD_CHAR.test(folded[end])) continue;
      hits.push([map[at], map[end]]);
      if (hits.length > 200) break;
    }
  }
  if (hits.length === 0) return null;
  hits.sort((a, b) => a[0] - b[0]);
  const first = hits[0][0];
  // The hit sits near the start: table cells show the first few dozen characters.
  let start = Math.max(0, first - 24);
  const end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  const parts: SnippetPart[] = [];
  let pos = start;
  const clean = (s: string) => s.replace(/\s+/g, ' ');
  if (start > 0) parts.push({ text: '…', hit: false });
  for (const [a, b] of hits) {
    if (a < pos || b > end) continue;
    if (a > pos) parts.push({ text: clean(text.slice(pos, a)), hit: false });
    parts.push({ text: clean(text.slice(a, b)), hit: true });
    pos = b;
  }
  if (pos < end) parts.push({ text: clean(text.slice(pos, end)), hit: false });
  if (end < text.length) parts.push({ text: '…', hit: false });
  return parts;
}
