'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import type { ExportView } from '@/lib/jobs/export-job';
import { isJobActive } from '@/lib/job-status';
import { OWNER_NAME } from '@/lib/auth/actor';
import { fmtBytes, fmtDate, fmtInt } from '@/lib/ui/format';
import { cancelExportAction, deleteExportAction, rerunExportAction } from '../actions';
import { splitEntries } from './split-order';
import { useJobLive } from './use-job-live';

const TONE = { queued: 'info', running: 'info', done: 'good', failed: 'bad', canceled: 'warn' } as const;

function fileHref(id: number, name: string) {
  return `/api/exports/${id}/files/${encodeURIComponent(name)}`;
}

function Progress({ fraction, message }: { fraction: number; message: string }) {
  const pct = Math.round(Math.min(Math.max(fraction, 0), 1) * 100);
  return (
    <div>
      <div
        role="progressbar"
        aria-label="Export progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full rounded bg-indigo-500 transition-[width] duration-300" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1 text-xs text-zinc-600 tabular dark:text-zinc-400">
        {pct}% · {message}
      </p>
    </div>
  );
}

/** `canManage`: the role may cancel, re-run and delete exports (curators and admins); others see and download. */
export function ExportCard({ exp, canManage }: { exp: ExportView; canManage: boolean }) {
  const router = useRouter();
  const active = isJobActive(exp.status);
  const job = useJobLive(active ? exp.jobId : null, () => router.refresh());
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const m = exp.manifest;

  const run = (fn: () => Promise<{ ok: boolean; error?: { message: string } }>, confirmText?: string) => {
    if (confirmText && !window.confirm(confirmText)) return;
    startTransition(async () => {
      const r = await fn();
      setError(r.ok ? null : (r.error?.message ?? 'failed'));
      router.refresh();
    });
  };

  return (
    <li
      aria-label={`Export ${exp.name}`}
      className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold">{exp.name}</h3>
        <Badge tone={TONE[exp.status]}>{exp.status}</Badge>
        <Badge>{exp.format}</Badge>
        <span className="text-xs text-zinc-500">
          {exp.datasetName ?? 'deleted dataset'} · {fmtDate(exp.createdAt)} · by {exp.createdBy ?? OWNER_NAME}
        </span>
        <div className="ml-auto flex gap-2">
          {!canManage ? null : active ? (
            <Button size="sm" disabled={pending} onClick={() => run(() => cancelExportAction({ id: exp.id }))}>
              Cancel
            </Button>
          ) : (
            <>
              <Button
                size="sm"
                disabled={pending}
                title={m ? 'Run again from the manifest under a new name' : 'Run again from the stored request'}
                onClick={() => run(() => rerunExportAction({ id: exp.id, from: m ? 'manifest' : 'request' }))}
              >
                Re-run
              </Button>
              <Button
                size="sm"
                variant="ghost"
                disabled={pending}
                onClick={() =>
                  run(() => deleteExportAction({ id: exp.id }), `Delete export "${exp.name}" and its files?`)
                }
              >
                Delete
              </Button>
            </>
          )}
        </div>
      </div>

      {active && (
        <div className="mt-3">
          <Progress
            fraction={job?.live?.fraction ?? 0}
            message={job?.live?.message ?? (exp.status === 'queued' ? 'Starting…' : 'Running…')}
          />
        </div>
      )}
      {(exp.status === 'failed' || exp.status === 'canceled') && exp.error && (
        <p className="mt-2 text-sm text-red-700 dark:text-red-400">{exp.error}</p>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}

      {exp.status === 'done' && m && (
        <div className="mt-3 space-y-2">
          <p className="text-sm text-zinc-700 tabular dark:text-zinc-300">
            {fmtInt(m.counts.written)} records
            {Object.keys(m.counts.perSplit).length > 0 && (
              <>
                {' '}
                ·{' '}
                {splitEntries(m.counts.perSplit)
                  .map(([s, n]) => `${s} ${fmtInt(n)}`)
                  .join(' · ')}
              </>
            )}
            {Object.entries(m.counts.skipped).map(([why, n]) => (
              <span key={why} className="text-zinc-500">
                {' '}
                · skipped {fmtInt(n)} ({why})
              </span>
            ))}
            <span className="text-zinc-500"> · {String(m.split.rule)}</span>
          </p>
          <Table density="compact">
            <THead>
              <tr>
                <Th>File</Th>
                <Th numeric>Rows</Th>
                <Th numeric>Size</Th>
                <Th>sha256</Th>
              </tr>
            </THead>
            <TBody>
              {m.files.map((f) => (
                <Tr key={f.name}>
                  <Td>
                    <a
                      href={fileHref(exp.id, f.name)}
                      download={f.name}
                      className="font-mono text-indigo-700 hover:underline dark:text-indigo-400"
                    >
                      {f.name}
                    </a>
                  </Td>
                  <Td numeric>{fmtInt(f.rows)}</Td>
                  <Td numeric>{fmtBytes(f.bytes)}</Td>
                  <Td className="font-mono text-xs text-zinc-500" title={f.sha256}>
                    {f.sha256.slice(0, 16)}…
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <details className="text-sm">
            <summary className="cursor-pointer select-none text-zinc-700 dark:text-zinc-300">
              <span>View manifest</span>
            </summary>
            <pre className="mt-2 max-h-96 overflow-auto rounded bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-950">
              {JSON.stringify(m, null, 2)}
            </pre>
          </details>
          <a
            href={fileHref(exp.id, 'manifest.json')}
            download="manifest.json"
            className="inline-block text-sm text-indigo-700 hover:underline dark:text-indigo-400"
          >
            Download manifest.json
          </a>
        </div>
      )}
    </li>
  );
}
