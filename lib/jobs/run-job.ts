/**
 * Runs one persisted job in this process (the entry is cli/run-job.ts, started by spawn.ts): dispatches
 * on `kind` to a handler; run-in-process.ts marks it running and writes the final status. Add a kind
 * by adding its handler to `handlers` below.
 *
 * Stopping: SIGTERM or SIGINT (sent by `npm start` when it is stopped, scripts/start.ts) makes the
 * job stop as a cancel does, after its current batch, and the job is recorded as failed with an
 * "Interrupted" message rather than as canceled by the user.
 */
import type { JobKind } from '../db/jobs';
import { runExportJob } from './export-job';
import { runImportJob } from './import-job';
import { runJobWith } from './run-in-process';
import { runTokensJob } from './tokens';
import type { JobHandler } from './types';

export const handlers: Partial<Record<JobKind, JobHandler>> = {
  import: runImportJob,
  tokens: runTokensJob,
  export: runExportJob,
};

/** Returns the process exit code: 0 when the job finished (done, failed or canceled were recorded). */
export function runJob(jobId: string): Promise<number> {
  return runJobWith(jobId, (job) => handlers[job.kind], { stopOnSignal: true });
}
