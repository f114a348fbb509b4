'use client';

import { useMemo, useState } from 'react';

const SHOWN = 200;

/** An allow-list over a dictionary (tasks, splits): null = all. */
export function NameFilter({
  label,
  names,
  value,
  onChange,
}: {
  label: string;
  names: string[];
  value: string[] | null;
  onChange: (v: string[] | null) => void;
}) {
  const [query, setQuery] = useState('');
  // Memoised: with 100k+ tasks these sets cost milliseconds, and every slider move re-renders here.
  const selected = useMemo(() => new Set(value ?? names), [value, names]);
  const matching = useMemo(
    () => (query ? names.filter((n) => n.toLowerCase().includes(query.toLowerCase())) : names),
    [names, query],
  );
  const set = (next: Set<string>) =>
    onChange(next.size === names.length && names.every((n) => next.has(n)) ? null : names.filter((n) => next.has(n)));
  const summary =
    value === null
      ? `all ${names.length.toLocaleString('en-US')}`
      : `${value.length.toLocaleString('en-US')} of ${names.length.toLocaleString('en-US')}`;
  if (names.length === 0) return <p className="text-xs text-zinc-500">No {label.toLowerCase()} in this data.</p>;
  return (
    <details className="group rounded-md border border-zinc-200 dark:border-zinc-800">
      <summary className="flex cursor-pointer items-center justify-between px-2 py-1 text-sm">
        <span className="font-medium text-zinc-700 dark:text-zinc-300">{label}</span>
        <span
          className={`tabular text-xs ${value === null ? 'text-zinc-500' : 'font-medium text-indigo-700 dark:text-indigo-400'}`}
        >
          {summary}
        </span>
      </summary>
      <div className="space-y-1.5 border-t border-zinc-200 p-2 dark:border-zinc-800">
        {names.length > 8 && (
          <input
            type="search"
            aria-label={`Search ${label.toLowerCase()}`}
            placeholder="Search…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className="w-full rounded-md border border-zinc-300 bg-white px-2 py-0.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
          />
        )}
        <div className="flex gap-2 text-xs">
          <button
            type="button"
            className="text-indigo-700 hover:underline dark:text-indigo-400"
            onClick={() => set(new Set([...selected, ...matching]))}
          >
            Select {query ? 'matching' : 'all'}
          </button>
          <button
            type="button"
            className="text-indigo-700 hover:underline dark:text-indigo-400"
            onClick={() => {
              const next = new Set(selected);
              for (const n of matching) next.delete(n);
              set(next);
            }}
          >
            Clear {query ? 'matching' : 'all'}
          </button>
        </div>
        <ul className="max-h-48 space-y-0.5 overflow-auto">
          {matching.slice(0, SHOWN).map((n) => (
            <li key={n}>
              <label className="flex items-center gap-2 font-mono text-xs">
                <input
                  type="checkbox"
                  className="accent-indigo-600"
                  checked={selected.has(n)}
                  onChange={(e) => {
                    const next = new Set(selected);
                    if (e.target.checked) next.add(n);
                    else next.delete(n);
                    set(next);
                  }}
                />
                <span className="truncate">{n}</span>
              </label>
            </li>
          ))}
        </ul>
        {matching.length > SHOWN && (
          <p className="text-xs text-zinc-500">{matching.length - SHOWN} more: refine the search.</p>
        )}
      </div>
    </details>
  );
}
