/**
 * Live progress of a running job, written to a small JSON file beside the database. An import holds
 * SQLite's write lock for its whole transaction (so a file lands whole or not at all), which means a
 * running job cannot update its Job row until it commits; the progress file side-steps that.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '../env';

export interface JobProgress {
  /** 0..1 */
  fraction: number;
  message: string;
  bytesDone?: number;
  bytesTotal?: number;
  records?: number;
  /** Rollouts stored so far (imports: two per record for preference pairs). */
  rollouts?: number;
  /** records per second */
  rate?: number;
  /** seconds left, when known */
  eta?: number;
  updatedAt: number;
}

function progressPath(jobId: string): string {
  return path.join(getEnv().dataDir, 'jobs', `${jobId.replace(/[^a-zA-Z0-9-]/g, '')}.json`);
}

export function writeProgress(jobId: string, p: Omit<JobProgress, 'updatedAt'>): void {
  const file = progressPath(jobId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ ...p, updatedAt: Date.now() }));
  fs.renameSync(tmp, file);
}

export function readProgress(jobId: string): JobProgress | null {
  try {
    return JSON.parse(fs.readFileSync(progressPath(jobId), 'utf8')) as JobProgress;
  } catch {
    return null;
  }
}

export function cancelFlagPath(jobId: string): string {
  return progressPath(jobId).replace(/\.json$/, '.cancel');
}

/** Cancel is a file too, for the same reason as progress: the job's process polls it. */
export function requestCancel(jobId: string): void {
  const f = cancelFlagPath(jobId);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, String(Date.now()));
}

export function isCancelRequested(jobId: string): boolean {
  return fs.existsSync(cancelFlagPath(jobId));
}

/** Throttles progress writes to a few per second. */
export function progressReporter(jobId: string, intervalMs = 250) {
  let last = 0;
  return (p: Omit<JobProgress, 'updatedAt'>, force = false) => {
    const now = Date.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    writeProgress(jobId, p);
  };
}
