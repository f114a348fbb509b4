/**
 * The contract between the job runner (run-job.ts, with run-in-process.ts) and the handlers it
 * dispatches to (import-job.ts, tokens.ts, export-job.ts). It lives apart from both so that the
 * runner imports the handlers and the handlers import only this: no import cycle.
 */
import type { JobRow, JobStatus } from '../db/jobs';
import type { JobProgress } from './progress';

export interface JobContext {
  job: JobRow;
  /** Throttled progress (a few writes per second); `force` writes at once. */
  report(p: Omit<JobProgress, 'updatedAt'>, force?: boolean): void;
  /** True once the user canceled the job or Sift is stopping: stop after the current batch. */
  isCanceled(): boolean;
  /** True when the stop came from Sift stopping (SIGTERM/SIGINT), not from the user's Cancel. */
  isInterrupted(): boolean;
}

export interface JobOutcome {
  status: Extract<JobStatus, 'done' | 'failed' | 'canceled'>;
  result?: unknown;
  error?: string;
  /** The handler already wrote this final status (e.g. inside its own transaction). */
  recorded?: boolean;
}

export type JobHandler = (ctx: JobContext) => Promise<JobOutcome>;
