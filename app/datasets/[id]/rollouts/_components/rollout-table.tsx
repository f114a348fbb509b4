'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useMemo, useRef, useState, useTransition } from 'react';
import {
  getCoreRowModel,
  useReactTable,
  type SortingState,
  type Updater,
  type VisibilityState,
} from '@tanstack/react-table';
import { ColumnChooser } from '@/components/data-table/column-chooser';
import { DataTable } from '@/components/data-table/data-table';
import { Pagination } from '@/components/data-table/pagination';
import { useRowKeyboard } from '@/components/data-table/use-row-keyboard';
import { buttonClass } from '@/components/ui/button';
import type { RolloutListRow } from '@/lib/db/rollouts';
import {
  PAGE_SIZES,
  SEARCH_MAX_LENGTH,
  type PageSize,
  type RolloutQuery,
  type SortKey,
} from '@/lib/query/rollout-query';
import { countActiveFilters, rolloutQueryString, updateRolloutQuery } from '@/lib/ui/rollout-query';
import { rolloutColumns } from './columns';
import { RolloutFilterBar } from './rollout-filters';

export interface RolloutTableProps {
  datasetId: number;
  rows: RolloutListRow[];
  total: number;
  /** False when total is a lower bound (the count stops at lib/db COUNT_CAP). */
  isTotalExact: boolean;
  /** The link's search text when it was too long to run (tooLongSearch). */
  rejectedSearch: string | null;
  query: RolloutQuery;
  metricNames: string[];
  splits: string[];
  taskIds: string[];
}

function resolve<T>(u: Updater<T>, old: T): T {
  return typeof u === 'function' ? (u as (o: T) => T)(old) : u;
}

export function RolloutTable({
  datasetId,
  rows,
  total,
  isTotalExact,
  rejectedSearch,
  query,
  metricNames,
  splits,
  taskIds,
}: RolloutTableProps) {
  const router = useRouter();
  const pathname = usePathname();
  const [isPending, startTransition] = useTransition();
  const searchRef = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState<Set<number>>(() => new Set());
  const qs = rolloutQueryString(query);
  // The active row belongs to one page of results; a new page starts without one.
  const [active, setActiveState] = useState<{ qs: string; index: number } | null>(null);
  const activeIndex = active?.qs === qs ? active.index : null;
  const setActive = useCallback((index: number) => setActiveState({ qs, index }), [qs]);

  const go = useCallback(
    (next: RolloutQuery) =>
      startTransition(() => router.push(`${pathname}${rolloutQueryString(next)}`, { scroll: false })),
    [pathname, router],
  );
  const rowHref = useCallback((id: number) => `/datasets/${datasetId}/rollouts/${id}${qs}`, [datasetId, qs]);
  const open = useCallback(
    (index: number) => rows[index] && router.push(rowHref(rows[index].id)),
    [rows, router, rowHref],
  );
  const toggleSelected = useCallback((id: number) => {
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  }, []);

  const columns = useMemo(
    () => rolloutColumns({ metricNames, rowHref, selected, toggleSelected }),
    [metricNames, rowHref, selected, toggleSelected],
  );
  const sorting: SortingState = [{ id: query.sort.key, desc: query.sort.dir === 'desc' }];
  const columnVisibility: VisibilityState = Object.fromEntries(query.hide.map((c) => [c, false]));
  if (!query.q) columnVisibility.snippet = false;

  // TanStack Table v8 returns fresh functions each render; React Compiler skips this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (r) => String(r.id),
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableSortingRemoval: false,
    rowCount: total,
    state: { sorting, columnVisibility, pagination: { pageIndex: query.page - 1, pageSize: query.pageSize } },
    onSortingChange: (u) => {
      const s = resolve(u, sorting)[0];
      if (s) go(updateRolloutQuery(query, { sort: { key: s.id as SortKey, dir: s.desc ? 'desc' : 'asc' } }));
    },
    onColumnVisibilityChange: (u) => {
      const v = resolve(u, columnVisibility);
      const hide = Object.entries(v)
        .filter(([id, visible]) => !visible && id !== 'snippet')
        .map(([id]) => id);
      go({ ...query, hide });
    },
  });

  useRowKeyboard({ count: rows.length, active: activeIndex, setActive, onOpen: open, searchRef });

  const pair = [...selected];
  const compareHref = pair.length === 2 ? `/compare?a=${pair[0]}&b=${pair[1]}${qs ? `&${qs.slice(1)}` : ''}` : null;

  return (
    <div className="space-y-2">
      <RolloutFilterBar
        key={qs}
        query={query}
        metricNames={metricNames}
        splits={splits}
        taskIds={taskIds}
        searchRef={searchRef}
        onApply={go}
        rejectedSearch={rejectedSearch}
      />
      {rejectedSearch && (
        <p
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/30 dark:text-amber-200"
        >
          The search was not run: it is {rejectedSearch.length.toLocaleString('en-US')} characters long and a search can
          be at most {SEARCH_MAX_LENGTH}. The table below is not searched; shorten the text in the search box.
        </p>
      )}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
          {compareHref ? (
            <a href={compareHref} className={buttonClass('primary', 'sm')}>
              Compare 2 rollouts
            </a>
          ) : (
            <button
              type="button"
              disabled
              className={buttonClass('secondary', 'sm')}
              title="Tick two rows to compare them"
            >
              Compare
            </button>
          )}
          {selected.size > 0 && (
            <>
              <span>{selected.size} selected</span>
              <button
                type="button"
                className="underline hover:text-zinc-800 dark:hover:text-zinc-200"
                onClick={() => setSelected(new Set())}
              >
                clear
              </button>
            </>
          )}
          <span className="hidden md:inline">
            <kbd className="rounded border border-zinc-300 px-1 font-mono dark:border-zinc-700">j</kbd>/
            <kbd className="rounded border border-zinc-300 px-1 font-mono dark:border-zinc-700">k</kbd> move ·{' '}
            <kbd className="rounded border border-zinc-300 px-1 font-mono dark:border-zinc-700">Enter</kbd> open ·{' '}
            <kbd className="rounded border border-zinc-300 px-1 font-mono dark:border-zinc-700">/</kbd> search
          </span>
          {isPending && <span className="animate-pulse text-indigo-600 dark:text-indigo-400">Loading…</span>}
        </div>
        <ColumnChooser table={table} />
      </div>
      <div className={isPending ? 'opacity-60 transition-opacity' : ''}>
        <DataTable
          table={table}
          label="Rollouts"
          activeIndex={activeIndex}
          onRowClick={setActive}
          onRowDoubleClick={open}
          empty={countActiveFilters(query) > 0 ? 'No rollout matches these filters.' : 'This dataset has no rollouts.'}
        />
      </div>
      <Pagination
        page={query.page}
        pageSize={query.pageSize}
        total={total}
        isTotalExact={isTotalExact}
        pageSizes={PAGE_SIZES}
        onPage={(page) => go({ ...query, page })}
        onPageSize={(size) => go(updateRolloutQuery(query, { pageSize: size as PageSize }))}
      />
    </div>
  );
}
