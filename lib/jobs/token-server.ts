/**
 * Token analyses started from the web server. Small ones run in the server process itself, on a
 * pool of tokenizer workers the server keeps loaded (lib/tokenize/pool.ts warmPool), so neither a
 * job process nor a tokenizer load stands between the click and the result; the Tokens pages warm
 * the pool when they render, before anyone clicks. Large ones (a full 100k-rollout dataset) get
 * their own process as every job does, so a long analysis cannot weigh on the server.
 *
 * Both are ordinary `tokens` jobs: the same row, progress file, cancel flag and result.
 */
import path from 'node:path';
import { createJob, type JobRow } from '../db/jobs';
import { getEnv } from '../env';
import { warmPool, type TokenizerPool } from '../tokenize/pool';
import { runJobWith } from './run-in-process';
import { startJob } from './spawn';
import { runTokensJob } from './tokens';
import type { TokensPayload } from './tokens-payload';

/** Rollouts an analysis may have to run in the server process; more get a job process. */
export const IN_SERVER_MAX_ROLLOUTS = 20_000;

function poolFor(tokenizer: string, chatTemplate?: string): TokenizerPool {
  // The server is bundled: its modules do not sit next to worker.ts, so name the file under the root.
  return warmPool({ tokenizer, chatTemplate }, { entry: path.join(getEnv().root, 'lib/tokenize/worker.ts') });
}

/** Starts loading `tokenizer` on this process' workers if it is not loaded (returns at once). */
export function warmTokenizer(tokenizer = 'qwen3', chatTemplate?: string): void {
  try {
    void poolFor(tokenizer, chatTemplate)
      .ready()
      .catch(() => undefined);
  } catch {
    // Warming is an optimisation; the analysis reports any real problem.
  }
}

/** Starts a `tokens` job: in this process when `rollouts` is small enough, else in its own. */
export async function startTokensJob(
  payload: TokensPayload,
  rollouts: number,
  { createdById = null }: { createdById?: string | null } = {},
): Promise<JobRow> {
  const count = Math.min(payload.numSamples ?? rollouts, rollouts);
  if (count > IN_SERVER_MAX_ROLLOUTS) return startJob({ kind: 'tokens', payload, createdById });
  const job = await createJob({ kind: 'tokens', payload, createdById });
  const pool = poolFor(payload.tokenizer, payload.chatTemplate);
  void runJobWith(job.id, () => (ctx) => runTokensJob(ctx, { pool })).catch((e: unknown) => {
    process.stderr.write(`token analysis ${job.id} failed: ${(e as Error)?.stack ?? String(e)}\n`);
  });
  return job;
}
