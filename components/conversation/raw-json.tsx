'use client';

import { useMemo } from 'react';
import { CopyButton } from './copy-button';

/** The stored body, pretty-printed, with a copy button. Stringified only while the tab is open. */
export function RawJson({ value, label = 'rollout body' }: { value: unknown; label?: string }) {
  const text = useMemo(() => JSON.stringify(value, null, 2), [value]);
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800">
        <span className="tabular">
          {label} · {text.length.toLocaleString('en-US')} chars
        </span>
        <CopyButton text={text} label="Copy JSON" />
      </div>
      <pre
        data-testid="raw-json"
        className="max-h-[75vh] overflow-auto p-3 font-mono text-[12.5px] leading-relaxed whitespace-pre text-zinc-800 dark:text-zinc-200"
      >
        {text}
      </pre>
    </div>
  );
}
