/**
 * Runs one persisted job in this process (the entry is cli/run-job.ts, started by spawn.ts): marks it
 * running, dispatches on `kind` to a handler, writes the final status. Add a kind by adding its
 * handler to `handlers` below.
 *
 * Status writes retry while another process holds SQLite's write lock: an import keeps the lock for
 * its whole transaction, so a second job may have to wait for the first one to commit.
 *
 * Stopping: SIGTERM or SIGINT (sent by `npm start` when it is stopped, scripts/start.ts) makes the
 * job stop as a cancel does, after its current batch, and the job is recorded as failed with an
 * "Interrupted" message rather than as canceled by the user.
 */
import fs from 'node:fs';
import { getJob, updateJob, type JobKind } from '../db/jobs';
import { cancelFlagPath, isCancelRequested, progressReporter } from './progress';
import { runImportJob } from './import-job';
import { runTokensJob } from './tokens';
import { runExportJob } from './export-job';
import { withBusyRetry } from './busy';
import { INTERRUPTED_MESSAGE, onStopSignal } from './interrupt';
import type { JobHandler, JobOutcome } from './types';

export const handlers: Partial<Record<JobKind, JobHandler>> = {
  import: runImportJob,
  tokens: runTokensJob,
  export: runExportJob,
};

/** Returns the process exit code: 0 when the job finished (done, failed or canceled were recorded). */
export async function runJob(jobId: string): Promise<number> {
  const job = await getJob({ id: jobId });
  if (!job) {
    process.stderr.write(`run-job: no job ${jobId}\n`);
    return 1;
  }
  if (job.status !== 'queued') {
    process.stderr.write(`run-job: job ${jobId} is ${job.status}, not queued; not running it twice\n`);
    return 1;
  }
  const report = progressReporter(jobId);
  const waiting = () => report({ fraction: 0, message: 'Waiting for another job to release the database…' });
  await withBusyRetry(
    () => updateJob({ id: jobId, status: 'running', startedAt: new Date(), pid: process.pid }),
    waiting,
  );

  let interrupted = false;
  const offStop = onStopSignal(() => {
    interrupted = true;
    report({ fraction: 0, message: 'Sift is stopping: finishing the current batch…' }, true);
  });
  const handler = handlers[job.kind];
  let outcome: JobOutcome;
  if (!handler) {
    outcome = { status: 'failed', error: `no handler for jobs of kind "${job.kind}"` };
  } else {
    try {
      outcome = await handler({
        job: { ...job, status: 'running' },
        report,
        isCanceled: () => interrupted || isCancelRequested(jobId),
        isInterrupted: () => interrupted,
      });
    } catch (e) {
      process.stderr.write(`run-job: ${(e as Error)?.stack ?? String(e)}\n`);
      outcome = { status: 'failed', error: `unexpected error: ${(e as Error)?.message ?? String(e)}` };
    }
  }
  offStop();
  if (interrupted && outcome.status !== 'done') outcome = interruptedOutcome(outcome);
  if (!outcome.recorded) {
    await withBusyRetry(() =>
      updateJob({
        id: jobId,
        status: outcome.status,
        progress: outcome.status === 'done' ? 1 : undefined,
        result: outcome.result ?? null,
        error: outcome.error ?? null,
        finishedAt: new Date(),
      }),
    );
  }
  const finalMessage =
    outcome.status === 'done'
      ? 'Done'
      : outcome.status === 'canceled'
        ? 'Canceled'
        : outcome.error === INTERRUPTED_MESSAGE
          ? INTERRUPTED_MESSAGE
          : `Failed: ${outcome.error ?? ''}`;
  report({ fraction: outcome.status === 'done' ? 1 : 0, message: finalMessage }, true);
  fs.rmSync(cancelFlagPath(jobId), { force: true });
  return 0;
}

/**
 * A job stopped because Sift was stopping: failed with the interrupted message. A result that only
 * says "canceled" is dropped (the user did not cancel); any other (an export's id) is kept.
 */
function interruptedOutcome(outcome: JobOutcome): JobOutcome {
  const r = outcome.result as { code?: unknown } | null | undefined;
  const saysCanceled = typeof r === 'object' && r !== null && r.code === 'canceled';
  return { status: 'failed', error: INTERRUPTED_MESSAGE, result: saysCanceled ? null : outcome.result };
}
