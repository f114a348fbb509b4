'use client';

import type { Table } from '@tanstack/react-table';

/** A dropdown of checkboxes that show/hide the table's hideable columns. */
export function ColumnChooser<T>({ table }: { table: Table<T> }) {
  const cols = table.getAllLeafColumns().filter((c) => c.getCanHide());
  return (
    <details className="relative">
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800">
        Columns <span className="text-zinc-400">▾</span>
      </summary>
      <fieldset className="absolute right-0 z-20 mt-1 max-h-80 w-52 overflow-auto rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
        <legend className="sr-only">Visible columns</legend>
        {cols.map((c) => (
          <label
            key={c.id}
            className="flex items-center gap-2 rounded px-1.5 py-1 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <input
              type="checkbox"
              checked={c.getIsVisible()}
              onChange={c.getToggleVisibilityHandler()}
              className="accent-indigo-600"
            />
            {(c.columnDef.meta as { label?: string } | undefined)?.label ?? c.id}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
