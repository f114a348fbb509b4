'use client';

import { useJobPoll } from '@/components/jobs/use-job-poll';
import type { JobJson } from './import-types';

/** An import job, polled until it finishes. */
export function useJob(
  jobId: string | undefined,
  opts: { intervalMs?: number; onFinished?: (job: JobJson) => void } = {},
): JobJson | null {
  return useJobPoll<JobJson>(jobId, opts);
}
