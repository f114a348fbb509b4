/**
 * Starts a job in its own Node process, so the web server never blocks on long work and a crash or
 * kill of the job cannot take the server down. The process runs cli/run-job.ts with the same lib/.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '../env';
import { isJobActive } from '../job-status';
import { createJob, getJob, updateJob, type JobKind, type JobRow } from '../db/jobs';
import { readProgress, type JobProgress } from './progress';

/** `createdById`: the account that started it (null: the local owner). */
export async function startJob({
  kind,
  payload,
  createdById = null,
}: {
  kind: JobKind;
  payload: unknown;
  createdById?: string | null;
}): Promise<JobRow> {
  const env = getEnv();
  const job = await createJob({ kind, payload, createdById });
  const logDir = path.join(env.dataDir, 'jobs');
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, `${job.id}.log`), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(env.root, 'cli/run-job.ts'), job.id], {
    cwd: env.root,
    env: { ...process.env, SIFT_ROOT: env.root, SIFT_DB: env.dbPath },
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  fs.closeSync(log);
  await updateJob({ id: job.id, pid: child.pid ?? null });
  return { ...job, pid: child.pid ?? null };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface JobView extends JobRow {
  live: JobProgress | null;
}

/** The job with its live progress. A job whose process died without finishing is marked failed. */
export async function getJobView(id: string): Promise<JobView | null> {
  const job = await getJob({ id });
  if (!job) return null;
  if (isJobActive(job.status) && job.pid && !isAlive(job.pid)) {
    const error =
      'The job stopped before finishing (its process exited or was killed). Nothing partial was kept; run it again.';
    await updateJob({ id, status: 'failed', error, finishedAt: new Date() });
    return { ...job, status: 'failed', error, live: readProgress(id) };
  }
  return { ...job, live: readProgress(id) };
}
