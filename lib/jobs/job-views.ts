/**
 * JSON views of jobs for the UI's polling (app/api/jobs). Reads only, except getJobView's marking of
 * a job whose process died: while an import holds the write lock that write may time out, and the
 * view then reports the job as it is stored (the next poll will mark it).
 */
import { getJob, listJobs, type JobKind, type JobRow } from '../db/jobs';
import { isJobActive } from '../job-status';
import { getJobView } from './spawn';
import { readProgress, type JobProgress } from './progress';
import { isBusyError } from './busy';

export interface JobJson {
  id: string;
  kind: JobKind;
  status: JobRow['status'];
  /** The import payload's user-facing fields (no server paths). */
  fileName: string | null;
  datasetName: string | null;
  format: string | null;
  mode: string | null;
  result: unknown;
  error: string | null;
  live: JobProgress | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Who started it: a user name, or null for the local owner. */
  createdBy: string | null;
}

function toJson(job: JobRow, live: JobProgress | null): JobJson {
  const p = (job.payload ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    fileName: str(p.fileName),
    datasetName: str(p.datasetName),
    format: str(p.format),
    mode: str(p.mode),
    result: job.result,
    error: job.error,
    live,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    createdBy: job.createdBy,
  };
}

export async function getJobJson(id: string): Promise<JobJson | null> {
  try {
    const view = await getJobView(id);
    return view ? toJson(view, view.live) : null;
  } catch (e) {
    if (!isBusyError(e)) throw e;
    const job = await getJob({ id });
    return job ? toJson(job, readProgress(id)) : null;
  }
}

export async function listJobJson({ kind, limit = 10 }: { kind?: JobKind; limit?: number }): Promise<JobJson[]> {
  const jobs = await listJobs({ kind, limit });
  const out: JobJson[] = [];
  for (const j of jobs) {
    const active = isJobActive(j.status);
    out.push(active ? ((await getJobJson(j.id)) ?? toJson(j, null)) : toJson(j, null));
  }
  return out;
}
