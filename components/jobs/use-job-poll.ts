'use client';

import { useEffect, useState } from 'react';
import { isJobActive } from '@/lib/job-status';

/** A job as GET /api/jobs/[id] returns it; callers narrow it to the fields they read. */
export interface PolledJob {
  status: string;
}

/**
 * Polls GET /api/jobs/[id] every `intervalMs` while the job is queued or running, and calls
 * `onFinished` once when it stops. A failed poll (server restart, network blink) is retried.
 */
export function useJobPoll<T extends PolledJob>(
  jobId: string | null | undefined,
  { intervalMs = 500, onFinished }: { intervalMs?: number; onFinished?: (job: T) => void } = {},
): T | null {
  const [job, setJob] = useState<T | null>(null);
  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const res = await fetch(`/api/jobs/${jobId}`, { cache: 'no-store' });
        if (res.ok) {
          const next = (await res.json()) as T;
          if (stopped) return;
          setJob(next);
          if (!isJobActive(next.status)) {
            onFinished?.(next);
            return;
          }
        }
      } catch {
        // retried at the next tick
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // onFinished is a callback prop; re-subscribing on its identity would restart polling
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId, intervalMs]);
  return job;
}
