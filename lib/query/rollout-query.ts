/**
 * The rollout table's query: page, page size, sort, filters, search text and hidden columns, and the
 * names a metric may have. Pure types and constants, shared by the two places that read a query:
 * lib/ui/rollout-query.ts (query ⇄ URL) and lib/db/rollout-query-sql.ts (query → SQL).
 */

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 50;

/** Sortable scalar columns; metrics sort as `metric.<name>`. */
export const SCALAR_SORT_KEYS = ['id', 'task', 'trial', 'reward', 'success', 'turns', 'toolCalls', 'split'] as const;
export type ScalarSortKey = (typeof SCALAR_SORT_KEYS)[number];
export type SortKey = ScalarSortKey | `metric.${string}`;

export interface RolloutSort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export interface NumRange {
  min?: number;
  max?: number;
}

export interface RolloutFilters {
  reward?: NumRange;
  /** true: only rollouts with a reward; false: only those without. */
  hasReward?: boolean;
  metrics: Record<string, NumRange>;
  task?: string;
  split?: string;
  success?: boolean;
  hasToolCalls?: boolean;
  turns?: NumRange;
}

export interface RolloutQuery {
  /** 1-based. */
  page: number;
  pageSize: PageSize;
  sort: RolloutSort;
  filters: RolloutFilters;
  /** Free text searched in message text (FTS5). */
  q: string;
  /** Column ids the user hid. */
  hide: string[];
}

export const DEFAULT_SORT: RolloutSort = { key: 'id', dir: 'asc' };

/** Longest search text (characters) the table searches; a longer one is refused with a message. */
export const SEARCH_MAX_LENGTH = 500;

export function defaultRolloutQuery(): RolloutQuery {
  return { page: 1, pageSize: DEFAULT_PAGE_SIZE, sort: { ...DEFAULT_SORT }, filters: { metrics: {} }, q: '', hide: [] };
}

/** Metric names usable in a URL and a JSON path: no quotes or backslashes, bounded length. */
export const METRIC_NAME_RE = /^[^"\\\u0000-\u001f]{1,100}$/;
