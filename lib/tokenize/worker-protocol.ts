/** Messages between pool.ts and worker.ts. Everything here must survive structured cloning. */
import type { RolloutTokenStats } from '../token-stats/rollout-stats';
import type { RolloutInput } from './analyze';
import type { SerializedTokenizeError } from './errors';

export interface WorkerInit {
  tokenizer: string;
  chatTemplate?: string;
  removeSystemMessages: boolean;
}

export type RolloutResult = { ok: true; stats: RolloutTokenStats } | { ok: false; error: SerializedTokenizeError };

export type ToWorker = { type: 'batch'; batchId: number; rollouts: Pick<RolloutInput, 'messages' | 'tools'>[] };

export type FromWorker =
  | { type: 'ready'; warnings: string[] }
  | { type: 'init-error'; error: SerializedTokenizeError }
  | { type: 'result'; batchId: number; results: RolloutResult[] };
