/**
 * Runs one persisted job in this process (the entry is cli/run-job.ts, started by spawn.ts): dispatches
 * on `kind` to a handler; run-in-process.ts marks it running and writes the final status. Add a kind
 * by adding its handler to `handlers` below.
 */
import { runImportJob } from './import-job';
import { runTokensJob } from './tokens';
import { runExportJob } from './export-job';
import { runJobWith, type JobHandler } from './run-in-process';
import type { JobKind } from '../db/jobs';

export type { JobContext, JobHandler, JobOutcome } from './run-in-process';

export const handlers: Partial<Record<JobKind, JobHandler>> = {
  import: runImportJob,
  tokens: runTokensJob,
  export: runExportJob,
};

/** Returns the process exit code: 0 when the job finished (done, failed or canceled were recorded). */
export function runJob(jobId: string): Promise<number> {
  return runJobWith(jobId, (job) => handlers[job.kind]);
}
