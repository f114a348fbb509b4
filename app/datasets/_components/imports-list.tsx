'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { OWNER_NAME } from '@/lib/auth/actor';
import { fmtDate, fmtInt } from '@/lib/ui/format';
import { isJobActive } from '@/lib/job-status';
import { IMPORTS_CHANGED, type ImportJobResult, type JobJson } from '@/app/_shared/imports/import-types';
import { JobProgressBar } from '@/app/_shared/imports/job-progress';
import { jobStatusTone } from '@/app/_shared/imports/job-status-tone';

/**
 * Recent and running import jobs (the page can be left and revisited: jobs run on without it).
 * Polls fast while something runs, slowly otherwise; refreshes the page when a job finishes.
 */
export function ImportsList({ initial }: { initial: JobJson[] }) {
  const router = useRouter();
  const [jobs, setJobs] = useState(initial);
  const activeIds = useRef(new Set(initial.filter((j) => isJobActive(j.status)).map((j) => j.id)));

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      clearTimeout(timer);
      let anyActive = activeIds.current.size > 0;
      try {
        const res = await fetch('/api/jobs?kind=import&limit=10', { cache: 'no-store' });
        if (res.ok && !stopped) {
          const next = ((await res.json()) as { jobs: JobJson[] }).jobs;
          const nowActive = new Set(next.filter((j) => isJobActive(j.status)).map((j) => j.id));
          const finished = [...activeIds.current].some((id) => !nowActive.has(id));
          activeIds.current = nowActive;
          anyActive = nowActive.size > 0;
          setJobs(next);
          if (finished) router.refresh();
        }
      } catch {
        // try again on the next tick
      }
      if (!stopped) timer = setTimeout(tick, anyActive ? 500 : 5000);
    };
    const onChanged = () => void tick();
    window.addEventListener(IMPORTS_CHANGED, onChanged);
    timer = setTimeout(tick, activeIds.current.size > 0 ? 500 : 5000);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener(IMPORTS_CHANGED, onChanged);
    };
  }, [router]);

  if (jobs.length === 0) return null;
  return (
    <section aria-labelledby="imports-heading" className="mt-8">
      <h2 id="imports-heading" className="mb-2 text-sm font-semibold">
        Imports
      </h2>
      <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white text-sm dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {jobs.map((job) => (
          <li key={job.id} className="px-4 py-2.5" aria-label={`Import job ${job.fileName ?? job.id}`}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className="font-mono">{job.fileName ?? job.id}</span>
              <span className="text-zinc-500">→ {job.datasetName ?? '—'}</span>
              <JobBadge job={job} />
              <span className="text-xs text-zinc-500">
                {fmtDate(job.createdAt)} · by {job.createdBy ?? OWNER_NAME}
              </span>
              <Summary job={job} />
              <Link
                href={`/imports/${job.id}`}
                className="ml-auto text-indigo-700 hover:underline dark:text-indigo-400"
              >
                Report
              </Link>
            </div>
            {isJobActive(job.status) && (
              <div className="mt-2">
                <JobProgressBar label={`Import of ${job.fileName ?? job.id}`} live={job.live} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function JobBadge({ job }: { job: JobJson }) {
  const r = job.result as ImportJobResult | null;
  if (job.status === 'done' && r?.kind === 'already-imported') return <Badge tone="warn">already imported</Badge>;
  return <Badge tone={jobStatusTone(job.status)}>{job.status}</Badge>;
}

function Summary({ job }: { job: JobJson }) {
  const r = job.result as ImportJobResult | null;
  if (job.status === 'done' && r?.kind === 'imported') {
    return (
      <span className="text-xs text-zinc-600 tabular dark:text-zinc-400">
        {fmtInt(r.counts.imported)} imported · {fmtInt(r.counts.skipped)} skipped · {fmtInt(r.counts.duplicates)}{' '}
        duplicates · {fmtInt(r.counts.rollouts)} rollouts
      </span>
    );
  }
  if (job.status === 'failed' && job.error)
    return <span className="max-w-xl truncate text-xs text-red-700 dark:text-red-400">{job.error}</span>;
  return null;
}
