'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useJobPoll } from '@/components/jobs/use-job-poll';
import { Button } from '@/components/ui/button';
import { isJobActive } from '@/lib/job-status';
import { cancelTokenAnalysisAction } from './actions';

interface JobPoll {
  status: 'queued' | 'running' | 'done' | 'failed' | 'canceled';
  live: { fraction: number; message: string; eta?: number } | null;
}

function fmtEta(s: number): string {
  if (s < 60) return `${Math.max(1, Math.round(s))} s left`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s left` : `${Math.floor(m / 60)} h ${m % 60} min left`;
}

/** Live progress of a running analysis (polls GET /api/jobs/[id]); refreshes the page when it ends. */
export function AnalysisProgress({ jobId, canCancel }: { jobId: string; canCancel: boolean }) {
  const router = useRouter();
  const job = useJobPoll<JobPoll>(jobId, { intervalMs: 400, onFinished: () => router.refresh() });
  const [canceling, startCancel] = useTransition();
  const [cancelError, setCancelError] = useState<string | null>(null);

  const fraction = job?.live?.fraction ?? 0;
  const pct = Math.round(fraction * 100);
  return (
    <div className="space-y-2" aria-live="polite">
      <div className="flex items-center justify-between gap-3 text-sm">
        <span>
          {job?.live?.message || (job?.status === 'queued' ? 'Starting…' : 'Analysing…')}
          {job?.live?.eta !== undefined && job.status === 'running' && (
            <span className="text-zinc-500" data-testid="analysis-eta">
              {' · '}
              {fmtEta(job.live.eta)}
            </span>
          )}
        </span>
        {canCancel && (
          <Button
            size="sm"
            variant="secondary"
            disabled={canceling || !job || !isJobActive(job.status)}
            onClick={() =>
              startCancel(async () => {
                const r = await cancelTokenAnalysisAction({ jobId });
                setCancelError(r.ok ? null : r.error.message);
              })
            }
          >
            {canceling ? 'Canceling…' : 'Cancel'}
          </Button>
        )}
      </div>
      <div
        role="progressbar"
        aria-label="Analysis progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-2 w-full overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-indigo-500 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      {cancelError && <p className="text-xs text-red-700">{cancelError}</p>}
    </div>
  );
}
