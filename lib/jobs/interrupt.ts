/**
 * Stopping Sift while jobs run. `npm start` (scripts/start.ts) forwards SIGTERM/SIGINT to every
 * running job's process group; each job stops after its current batch (run-job.ts) and is recorded
 * as failed with INTERRUPTED_MESSAGE. A job that does not stop within the grace period is killed,
 * and its row is marked the same way here, so no job is left "running" behind a stopped server.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { listActiveJobs, markJobsInterrupted } from '../db/jobs';
import { withBusyRetry } from './busy';

export const INTERRUPTED_MESSAGE =
  'Interrupted: Sift was stopped while this job ran, so it stopped after its current batch. Nothing partial was kept; run it again.';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Calls `fn` on the first SIGTERM or SIGINT; returns the function that removes the handlers. */
export function onStopSignal(fn: (signal: NodeJS.Signals) => void): () => void {
  let called = false;
  const handler = (signal: NodeJS.Signals) => {
    if (called) return;
    called = true;
    fn(signal);
  };
  for (const s of STOP_SIGNALS) process.on(s, handler);
  return () => {
    for (const s of STOP_SIGNALS) process.off(s, handler);
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` is the process running job `jobId` (cli/run-job.ts <id>). A stored pid can be stale
 * and reused by an unrelated process, which must never be signalled.
 */
function isJobProcess(pid: number, jobId: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(jobId);
  } catch {
    // No /proc (macOS): ask ps.
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 && ps.stdout.includes(jobId);
  }
}

/** Signals a job's process group (spawn.ts starts each job detached, as a group leader), else the process. */
function signalJob(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops every running job: `signal` to each, up to `graceMs` for them to finish their batch and
 * record it, SIGKILL for the rest, then marks any job row still queued or running as interrupted.
 * Returns how many job processes were signalled and how many had to be killed.
 */
export async function interruptRunningJobs({
  signal = 'SIGTERM',
  graceMs = 10_000,
}: { signal?: NodeJS.Signals; graceMs?: number } = {}): Promise<{ signalled: number; killed: number }> {
  const jobs = await listActiveJobs();
  const running = jobs.filter((j) => j.pid !== null && isAlive(j.pid) && isJobProcess(j.pid, j.id));
  for (const j of running) signalJob(j.pid!, signal);
  const deadline = Date.now() + graceMs;
  while (running.some((j) => isAlive(j.pid!)) && Date.now() < deadline) await sleep(100);
  const stuck = running.filter((j) => isAlive(j.pid!));
  for (const j of stuck) signalJob(j.pid!, 'SIGKILL');
  while (stuck.some((j) => isAlive(j.pid!))) await sleep(20);
  // Rows still active: killed jobs, and jobs whose process was already gone.
  const ids = jobs.map((j) => j.id);
  await withBusyRetry(() => markJobsInterrupted({ ids, error: INTERRUPTED_MESSAGE }), undefined, 30_000);
  return { signalled: running.length, killed: stuck.length };
}
