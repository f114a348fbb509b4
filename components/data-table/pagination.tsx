'use client';

import { Button } from '@/components/ui/button';

export interface PaginationProps {
  /** 1-based. */
  page: number;
  pageSize: number;
  total: number;
  /** False when total is a lower bound: shown as "N+", and the last page is unknown. */
  isTotalExact?: boolean;
  pageSizes: readonly number[];
  onPage(page: number): void;
  onPageSize(size: number): void;
}

export function Pagination({
  page,
  pageSize,
  total,
  isTotalExact = true,
  pageSizes,
  onPage,
  onPageSize,
}: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 text-xs text-zinc-600 dark:text-zinc-400">
      <div className="tabular" aria-live="polite">
        {from.toLocaleString('en-US')}–{to.toLocaleString('en-US')} of {total.toLocaleString('en-US')}
        {isTotalExact ? '' : '+'}
      </div>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1.5">
          Rows
          <select
            value={pageSize}
            onChange={(e) => onPageSize(Number(e.target.value))}
            className="rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
          >
            {pageSizes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <Button size="sm" onClick={() => onPage(1)} disabled={page <= 1} aria-label="First page">
          «
        </Button>
        <Button size="sm" onClick={() => onPage(page - 1)} disabled={page <= 1} aria-label="Previous page">
          ‹ Prev
        </Button>
        <span className="tabular">
          Page {page.toLocaleString('en-US')}
          {isTotalExact ? ` of ${pages.toLocaleString('en-US')}` : ''}
        </span>
        <Button size="sm" onClick={() => onPage(page + 1)} disabled={page >= pages} aria-label="Next page">
          Next ›
        </Button>
        <Button
          size="sm"
          onClick={() => onPage(pages)}
          disabled={page >= pages || !isTotalExact}
          aria-label="Last page"
        >
          »
        </Button>
      </div>
    </div>
  );
}
