'use client';

import { useState } from 'react';

/** Longer values than this are collapsed to their first line (a tau2 policy is ~7k characters). */
export const META_COLLAPSE_AT = 120;
const HEAD = 80;

function metaText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v, null, 2);
}

/**
 * One meta entry of the viewer's side panel. A long value shows its start and a "Show all" toggle;
 * the whole text is rendered only when opened.
 */
export function MetaRow({ name, value }: { name: string; value: unknown }) {
  const text = metaText(value);
  const [open, setOpen] = useState(false);
  if (text.length <= META_COLLAPSE_AT && !text.includes('\n')) {
    return (
      <div className="flex items-baseline justify-between gap-3 py-1">
        <dt className="shrink-0 text-zinc-500 dark:text-zinc-400">{name}</dt>
        <dd className="min-w-0 truncate text-right font-mono text-xs text-zinc-900 dark:text-zinc-100" title={text}>
          {text}
        </dd>
      </div>
    );
  }
  const head = text.slice(0, HEAD).split('\n')[0];
  return (
    <div className="py-1">
      <dt className="flex items-baseline justify-between gap-3 text-zinc-500 dark:text-zinc-400">
        {name}
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400"
        >
          {open ? 'Show less' : `Show all · ${text.length.toLocaleString('en-US')} chars`}
        </button>
      </dt>
      <dd className="mt-0.5 font-mono text-xs text-zinc-900 dark:text-zinc-100">
        {open ? (
          <pre className="max-h-80 overflow-auto rounded bg-zinc-50 p-2 whitespace-pre-wrap break-words dark:bg-zinc-800/60">
            {text}
          </pre>
        ) : (
          <span className="block truncate text-zinc-600 dark:text-zinc-300">{head} …</span>
        )}
      </dd>
    </div>
  );
}
