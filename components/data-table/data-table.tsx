'use client';

import { flexRender, type Header, type Table } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

export interface DataTableProps<T> {
  table: Table<T>;
  /** Accessible name of the grid. */
  label: string;
  /** Fixed row height in px (virtualization needs it). */
  rowHeight?: number;
  /** CSS height of the scroll area. */
  height?: string;
  /** Highlighted row (keyboard selection). */
  activeIndex?: number | null;
  onRowClick?(index: number): void;
  onRowDoubleClick?(index: number): void;
  empty?: ReactNode;
}

function SortGlyph({ dir }: { dir: false | 'asc' | 'desc' }) {
  if (!dir)
    return (
      <span aria-hidden className="text-zinc-300 opacity-0 group-hover:opacity-100 dark:text-zinc-600">
        ↕
      </span>
    );
  return (
    <span aria-hidden className="text-indigo-600 dark:text-indigo-400">
      {dir === 'asc' ? '↑' : '↓'}
    </span>
  );
}

function HeaderCell<T>({ header }: { header: Header<T, unknown> }) {
  const col = header.column;
  const sorted = col.getIsSorted();
  const align =
    (col.columnDef.meta as { align?: 'right' } | undefined)?.align === 'right' ? 'justify-end text-right' : '';
  return (
    <th
      scope="col"
      style={{ width: header.getSize() }}
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
      className="sticky top-0 z-10 border-b border-zinc-200 bg-zinc-50 px-2 py-1.5 text-left text-[11px] font-semibold uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
    >
      {header.isPlaceholder ? null : col.getCanSort() ? (
        <button
          type="button"
          onClick={col.getToggleSortingHandler()}
          className={`group flex w-full items-center gap-1 uppercase hover:text-zinc-900 dark:hover:text-zinc-100 ${align}`}
        >
          <span className="truncate">{flexRender(col.columnDef.header, header.getContext())}</span>
          <SortGlyph dir={sorted} />
        </button>
      ) : (
        <div className={`flex ${align}`}>{flexRender(col.columnDef.header, header.getContext())}</div>
      )}
    </th>
  );
}

/**
 * A dense, virtualized table for a TanStack `Table` (server-side pagination/sorting: it renders
 * what it is given). Rows outside the scroll viewport are replaced by two spacer rows.
 */
export function DataTable<T>({
  table,
  label,
  rowHeight = 32,
  height = 'calc(100vh - 15rem)',
  activeIndex = null,
  onRowClick,
  onRowDoubleClick,
  empty,
}: DataTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  // TanStack Virtual returns functions React Compiler cannot memoize safely; it is used as intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  useEffect(() => {
    if (activeIndex !== null && activeIndex >= 0 && activeIndex < rows.length)
      virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, rows.length, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const top = items.length > 0 ? items[0].start : 0;
  const bottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const colCount = table.getVisibleLeafColumns().length;
  return (
    <div
      ref={scrollRef}
      style={{ maxHeight: height }}
      className="overflow-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <table
        aria-label={label}
        aria-rowcount={rows.length + 1}
        style={{ width: table.getTotalSize(), minWidth: '100%' }}
        className="table-fixed border-separate border-spacing-0 text-[13px]"
      >
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => (
                <HeaderCell key={h.id} header={h} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={colCount} className="px-4 py-10 text-center text-sm text-zinc-500">
                {empty ?? 'No rows.'}
              </td>
            </tr>
          )}
          {top > 0 && <tr aria-hidden style={{ height: top }} />}
          {items.map((v) => {
            const row = rows[v.index];
            const isActive = v.index === activeIndex;
            return (
              <tr
                key={row.id}
                data-index={v.index}
                aria-rowindex={v.index + 2}
                aria-selected={isActive}
                style={{ height: rowHeight }}
                onClick={() => onRowClick?.(v.index)}
                onDoubleClick={() => onRowDoubleClick?.(v.index)}
                className={`cursor-default ${isActive ? 'bg-indigo-50 outline outline-1 -outline-offset-1 outline-indigo-400 dark:bg-indigo-950/50 dark:outline-indigo-500' : v.index % 2 ? 'bg-zinc-50/60 hover:bg-zinc-100 dark:bg-zinc-900 dark:hover:bg-zinc-800/70' : 'hover:bg-zinc-100 dark:bg-zinc-900/40 dark:hover:bg-zinc-800/70'}`}
              >
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta as { align?: 'right'; className?: string } | undefined;
                  return (
                    <td
                      key={cell.id}
                      data-col={cell.column.id}
                      className={`truncate border-b border-zinc-100 px-2 dark:border-zinc-800/70 ${meta?.align === 'right' ? 'tabular text-right' : ''} ${meta?.className ?? ''}`}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {bottom > 0 && <tr aria-hidden style={{ height: bottom }} />}
        </tbody>
      </table>
    </div>
  );
}
