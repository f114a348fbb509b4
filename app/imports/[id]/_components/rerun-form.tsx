'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import type { FormatOption } from '@/app/_shared/imports/import-types';
import { rerunImportAction } from '@/app/_shared/imports/actions';

/** "Run again", optionally with another format or mode, or forced past the same-file check. */
export function RerunForm({
  jobId,
  formats,
  initialFormat = '',
  initialMode = 'skip-bad',
  force,
  label = 'Run again',
}: {
  jobId: string;
  formats: FormatOption[];
  initialFormat?: string;
  initialMode?: 'skip-bad' | 'strict';
  force?: boolean;
  label?: string;
}) {
  const router = useRouter();
  const [format, setFormat] = useState(initialFormat);
  const [mode, setMode] = useState(initialMode);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      const res = await rerunImportAction({ jobId, format: format || undefined, mode, force });
      if (!res.ok) setError(res.error.message);
      else router.push(`/imports/${res.data.jobId}`);
    });
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
        Format
        <select
          value={format}
          onChange={(e) => setFormat(e.target.value)}
          className="mt-0.5 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
        >
          <option value="">Detect automatically</option>
          {formats.map((f) => (
            <option key={f.id} value={f.id} title={f.description}>
              {f.label} ({f.id})
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
        Bad records
        <select
          value={mode}
          onChange={(e) => setMode(e.target.value as 'skip-bad' | 'strict')}
          className="mt-0.5 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
        >
          <option value="skip-bad">Skip and list them</option>
          <option value="strict">Abort (strict)</option>
        </select>
      </label>
      <Button variant="primary" size="sm" disabled={pending} onClick={run}>
        {pending ? 'Starting…' : label}
      </Button>
      {error && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
