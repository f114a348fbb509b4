import Link from 'next/link';
import type { JobJson } from '@/lib/jobs/job-views';
import type { ImportJobResult } from '@/lib/jobs/import-job';
import type { ImportErrorCode } from '@/lib/jobs/import-file';
import { unhandled } from '@/lib/errors';
import { fmtDate, fmtInt } from '@/lib/ui/format';
import type { FormatOption } from '@/app/_shared/imports/import-types';
import { IssuesTable } from './issues-table';
import { RerunForm } from './rerun-form';

interface FailureText {
  title: string;
  /** The rerun form's defaults: detect the format again, or drop strict mode. */
  rerun?: { format?: ''; mode?: 'skip-bad'; label?: string };
}

/** Per import error code: an exhaustive switch, so a new code must say how it reads here. */
function failureText(code: ImportErrorCode): FailureText {
  switch (code) {
    case 'canceled':
      return { title: 'Canceled: nothing was stored' };
    case 'unknown_format':
      return { title: 'Sift could not recognise the format of this file', rerun: { format: '' } };
    case 'strict_abort':
      return {
        title: 'Strict mode stopped at the first bad record',
        rerun: { mode: 'skip-bad', label: 'Run again, skipping bad records' },
      };
    case 'no_rollouts':
      return { title: 'No rollouts could be read from this file' };
    case 'unreadable':
    case 'dataset_not_found':
      return { title: 'The import failed' };
    default:
      return unhandled(code, { title: 'The import failed' });
  }
}

/** Why an import did not land, and how to run it again. Every failure stored nothing. */
/** `canRerun`: the role may import (curators and admins); others see why, without the form. */
export function FailurePanel({ job, formats, canRerun }: { job: JobJson; formats: FormatOption[]; canRerun: boolean }) {
  const r = job.result as ImportJobResult | null;
  const err = r?.kind === 'error' ? r : null;
  const mode = job.mode === 'strict' ? 'strict' : 'skip-bad';
  const box = 'rounded-lg border p-4 space-y-3';
  if (job.status === 'done' && r?.kind === 'already-imported') {
    return (
      <div className={`${box} border-amber-300 bg-amber-50 dark:border-amber-900 dark:bg-amber-950/30`}>
        <p className="text-sm">
          This file (same sha256) was already imported into{' '}
          <Link href={`/datasets/${r.previous.datasetId}`} className="font-medium underline">
            {r.previous.datasetName}
          </Link>{' '}
          on {fmtDate(r.previous.createdAt)}; nothing was done. Import it anyway? Its rollouts would count as
          duplicates.
        </p>
        {canRerun && (
          <RerunForm
            jobId={job.id}
            formats={formats}
            initialFormat={job.format ?? ''}
            initialMode={mode}
            force
            label="Import anyway"
          />
        )}
      </div>
    );
  }
  // No error result: the job's process died (or threw something unexpected) before it could say why.
  const text: FailureText =
    job.status === 'canceled'
      ? failureText('canceled')
      : err
        ? failureText(err.code)
        : { title: 'The import was interrupted' };
  return (
    <div role="alert" className={`${box} border-red-300 bg-red-50 dark:border-red-900 dark:bg-red-950/30`}>
      <h2 className="font-semibold text-red-900 dark:text-red-200">{text.title}</h2>
      {job.error && <p className="whitespace-pre-line text-sm text-red-900 dark:text-red-200">{job.error}</p>}
      {job.status !== 'canceled' && (
        <p className="text-sm text-red-900 dark:text-red-200">
          Nothing was stored: the dataset is exactly as before. Fix the cause, or pick another format or mode, and run
          it again.
        </p>
      )}
      {err?.code === 'unknown_format' && err.candidates && err.candidates.length > 0 && (
        <div className="rounded-md bg-white p-3 dark:bg-zinc-900">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Formats tried</h3>
          <ul className="space-y-0.5 text-sm">
            {err.candidates.map((c) => (
              <li key={c.id}>
                <span className="font-mono">{c.id}</span>{' '}
                <span className="text-zinc-500">(score {c.score.toFixed(2)})</span>: {c.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {err?.code === 'strict_abort' && err.issue && (
        <div className="rounded-md bg-white p-3 dark:bg-zinc-900">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">First bad record</h3>
          <IssuesTable issues={[err.issue]} total={1} />
          {err.counts && (
            <p className="mt-2 text-xs text-zinc-500">Stopped after reading {fmtInt(err.counts.read)} records.</p>
          )}
        </div>
      )}
      {err?.code === 'no_rollouts' && err.issues && err.issues.length > 0 && (
        <div className="rounded-md bg-white p-3 dark:bg-zinc-900">
          <IssuesTable issues={err.issues} total={err.counts?.issueCount ?? err.issues.length} />
        </div>
      )}
      {canRerun && (
        <RerunForm
          jobId={job.id}
          formats={formats}
          initialFormat={text.rerun?.format ?? job.format ?? ''}
          initialMode={text.rerun?.mode ?? mode}
          label={text.rerun?.label ?? 'Run again'}
        />
      )}
    </div>
  );
}
