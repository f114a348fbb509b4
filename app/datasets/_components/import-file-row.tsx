'use client';

import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { isJobActive } from '@/lib/job-status';
import { fmtBytes, fmtDate, fmtInt } from '@/lib/ui/format';
import { cancelImportAction } from '@/app/_shared/imports/actions';
import type { FormatOption, ImportJobResult, JobJson, UploadResponse } from '@/app/_shared/imports/import-types';
import { JobProgressBar, ProgressBar } from '@/app/_shared/imports/job-progress';
import { useJob } from '@/app/_shared/imports/use-job';
import { jobStatusTone } from '@/app/_shared/imports/job-status-tone';

export interface ImportEntry {
  key: string;
  fileName: string;
  size: number;
  datasetName: string;
  /** '' = use the detected format */
  format: string;
  phase: 'uploading' | 'ready' | 'starting' | 'waiting' | 'running' | 'already' | 'error';
  uploaded: number;
  upload?: UploadResponse;
  error?: string;
  jobId?: string;
  previous?: { importId: number; datasetId: number; datasetName: string; jobId: string | null; createdAt: string };
}

interface Props {
  entry: ImportEntry;
  formats: FormatOption[];
  fixedDataset: boolean;
  onChange(p: Partial<ImportEntry>): void;
  onStart(force: boolean): void;
  onRemove(): void;
  onFinished(job: JobJson): void;
}

export function ImportFileRow({ entry, formats, fixedDataset, onChange, onStart, onRemove, onFinished }: Props) {
  const job = useJob(entry.jobId, { onFinished });
  return (
    <li className="px-4 py-3" aria-label={`Import of ${entry.fileName}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-mono text-sm font-medium">{entry.fileName}</span>
        <span className="text-xs text-zinc-500">{fmtBytes(entry.size)}</span>
        <StatusBadge entry={entry} job={job} />
        <span className="ml-auto flex items-center gap-2">
          {entry.jobId && (
            <Link
              href={`/imports/${entry.jobId}`}
              className="text-sm text-indigo-700 hover:underline dark:text-indigo-400"
            >
              Report
            </Link>
          )}
          {(entry.phase === 'ready' ||
            entry.phase === 'error' ||
            entry.phase === 'already' ||
            (job && !isJobActive(job.status))) && (
            <Button size="sm" variant="ghost" onClick={onRemove} aria-label={`Dismiss ${entry.fileName}`}>
              Dismiss
            </Button>
          )}
        </span>
      </div>
      <div className="mt-2">
        <RowBody
          entry={entry}
          job={job}
          formats={formats}
          fixedDataset={fixedDataset}
          onChange={onChange}
          onStart={onStart}
        />
      </div>
    </li>
  );
}

function StatusBadge({ entry, job }: { entry: ImportEntry; job: JobJson | null }) {
  if (job) {
    const tone = jobStatusTone(job.status);
    const result = job.result as ImportJobResult | null;
    const label = job.status === 'done' && result?.kind === 'already-imported' ? 'already imported' : job.status;
    return <Badge tone={tone}>{label}</Badge>;
  }
  const labels: Record<ImportEntry['phase'], string> = {
    uploading: 'uploading',
    ready: 'ready',
    starting: 'starting',
    waiting: 'waiting',
    running: 'queued',
    already: 'already imported',
    error: 'error',
  };
  return (
    <Badge tone={entry.phase === 'error' ? 'bad' : entry.phase === 'already' ? 'warn' : 'neutral'}>
      {labels[entry.phase]}
    </Badge>
  );
}

function RowBody({
  entry,
  job,
  formats,
  fixedDataset,
  onChange,
  onStart,
}: Omit<Props, 'onRemove' | 'onFinished'> & { job: JobJson | null }) {
  if (entry.phase === 'uploading') {
    return (
      <ProgressBar label={`Upload of ${entry.fileName}`} fraction={entry.size ? entry.uploaded / entry.size : 0}>
        Uploading · {fmtBytes(entry.uploaded)} of {fmtBytes(entry.size)}
      </ProgressBar>
    );
  }
  if (entry.phase === 'error')
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {entry.error}
      </p>
    );
  if (entry.phase === 'already' && entry.previous) {
    return (
      <div role="alert" className="flex flex-wrap items-center gap-3 text-sm text-amber-800 dark:text-amber-300">
        <span>
          Already imported into{' '}
          <Link href={`/datasets/${entry.previous.datasetId}`} className="font-medium underline">
            {entry.previous.datasetName}
          </Link>{' '}
          on {fmtDate(entry.previous.createdAt)}. Import anyway?
        </span>
        <Button size="sm" onClick={() => onStart(true)}>
          Import anyway
        </Button>
      </div>
    );
  }
  if (entry.phase === 'running' || entry.phase === 'starting' || entry.phase === 'waiting') {
    if (!job || isJobActive(job.status)) {
      return (
        <div className="flex items-center gap-3">
          <div className="flex-1">
            {entry.phase === 'waiting' ? (
              <ProgressBar label={`Import of ${entry.fileName}`} fraction={0}>
                {entry.error}
              </ProgressBar>
            ) : (
              <JobProgressBar label={`Import of ${entry.fileName}`} live={job?.live ?? null} />
            )}
          </div>
          {entry.jobId && (
            <Button size="sm" variant="secondary" onClick={() => void cancelImportAction({ jobId: entry.jobId! })}>
              Cancel
            </Button>
          )}
        </div>
      );
    }
    return <JobOutcome job={job} />;
  }
  // ready: detected format, name, override
  const detection = entry.upload?.detection;
  return (
    <div className="space-y-2">
      {detection?.ok ? (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Detected{' '}
          <span className="font-medium">
            {formats.find((f) => f.id === detection.format)?.label ?? detection.format}
          </span>
          <span className="text-zinc-500"> — {detection.reason}</span>
        </p>
      ) : (
        <div role="alert" className="text-sm text-red-700 dark:text-red-400">
          Format not recognised. Choose the format below.
          <details className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            <summary className="cursor-pointer">Formats tried and why each did not fit</summary>
            <ul className="mt-1 list-disc pl-5">
              {detection?.candidates.map((c) => (
                <li key={c.id}>
                  <span className="font-mono">{c.id}</span>: {c.reason}
                </li>
              ))}
            </ul>
            {detection && detection.candidates.length === 0 && <p>{detection.error}</p>}
          </details>
        </div>
      )}
      <div className="flex flex-wrap items-end gap-3">
        {!fixedDataset && (
          <label className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
            Dataset name
            <input
              value={entry.datasetName}
              onChange={(e) => onChange({ datasetName: e.target.value })}
              className="mt-0.5 w-64 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
            />
          </label>
        )}
        <label className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
          Format
          <select
            value={entry.format}
            onChange={(e) => onChange({ format: e.target.value })}
            className="mt-0.5 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
          >
            <option value="">{detection?.ok ? `Detected (${detection.format})` : 'Choose a format…'}</option>
            {formats.map((f) => (
              <option key={f.id} value={f.id} title={f.description}>
                {f.label} ({f.id})
              </option>
            ))}
          </select>
        </label>
        <Button
          size="sm"
          variant="secondary"
          disabled={!(entry.format || detection?.ok) || !entry.datasetName.trim()}
          onClick={() => onStart(false)}
        >
          Import
        </Button>
      </div>
      {entry.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {entry.error}
        </p>
      )}
    </div>
  );
}

function JobOutcome({ job }: { job: JobJson }) {
  const result = job.result as ImportJobResult | null;
  if (job.status === 'done' && result?.kind === 'imported') {
    const c = result.counts;
    return (
      <p className="text-sm text-emerald-800 dark:text-emerald-300">
        Imported {fmtInt(c.imported)} records ({fmtInt(c.rollouts)} rollouts) into{' '}
        <Link href={`/datasets/${result.datasetId}`} className="font-medium underline">
          {result.datasetName}
        </Link>{' '}
        · read {fmtInt(c.read)} · skipped {fmtInt(c.skipped)} · duplicates {fmtInt(c.duplicates)} · as {result.format}
      </p>
    );
  }
  if (job.status === 'done' && result?.kind === 'already-imported') {
    return (
      <p className="text-sm text-amber-800 dark:text-amber-300">
        Already imported into {result.previous.datasetName} on {fmtDate(result.previous.createdAt)}; nothing done.
      </p>
    );
  }
  if (job.status === 'canceled')
    return <p className="text-sm text-amber-800 dark:text-amber-300">Canceled: nothing was stored.</p>;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {job.error ?? 'The import failed.'}{' '}
      <Link href={`/imports/${job.id}`} className="underline">
        See the report
      </Link>
    </p>
  );
}
