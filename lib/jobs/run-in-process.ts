/**
 * Runs one persisted job in this process: marks it running, calls its handler, writes the final
 * status. run-job.ts (a job's own process) and token-server.ts (small token analyses in the web
 * server, on its warm tokenizer workers) both go through here.
 *
 * Status writes retry while another process holds SQLite's write lock: an import keeps the lock for
 * its whole transaction, so a second job may have to wait for the first one to commit.
 *
 * `stopOnSignal` (a job's own process only; the web server has its own shutdown): SIGTERM or SIGINT
 * makes the job stop as a cancel does, after its current batch, recorded as failed with
 * INTERRUPTED_MESSAGE. An in-server job left running when the server stops is marked the same way by
 * `npm start` (interruptRunningJobs).
 */
import fs from 'node:fs';
import { getJob, updateJob, type JobRow } from '../db/jobs';
import { withBusyRetry } from './busy';
import { INTERRUPTED_MESSAGE, onStopSignal } from './interrupt';
import { cancelFlagPath, isCancelRequested, progressReporter } from './progress';
import type { JobHandler, JobOutcome } from './types';

/** Returns the process exit code: 0 when the job finished (done, failed or canceled were recorded). */
export async function runJobWith(
  jobId: string,
  handlerFor: (job: JobRow) => JobHandler | undefined,
  { stopOnSignal = false }: { stopOnSignal?: boolean } = {},
): Promise<number> {
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
  const offStop = stopOnSignal
    ? onStopSignal(() => {
        interrupted = true;
        report({ fraction: 0, message: 'Sift is stopping: finishing the current batch…' }, true);
      })
    : () => {};
  const handler = handlerFor(job);
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
