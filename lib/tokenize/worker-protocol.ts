/**
 * Messages between pool.ts and worker.ts. Rollouts cross as the JSON text the database stores (a
 * string copies as one memcpy; a parsed object graph would be cloned field by field) and results
 * come back as one transferred Int32Array per batch (no cloning at all).
 */
import type { SerializedTokenizeError } from './errors';
import type { ShapeSpec } from './export-shape';

export interface WorkerInit {
  tokenizer: string;
  chatTemplate?: string;
}

/** One rollout as stored: JSON text of its messages, tools and meta, and its prompt length. */
export interface StoredRolloutText {
  messages: string;
  tools: string | null;
  meta: string | null;
  promptLength: number | null;
}

export type ToWorker = { type: 'batch'; run: number; batch: number; spec: ShapeSpec; items: StoredRolloutText[] };

/** Per item in BatchResult.data: status, then the counts, then the spans. */
export const ITEM_OK = 0;
/** The export leaves this rollout out (no assistant turn, KTO without prompt or completion). */
export const ITEM_SKIPPED = 1;
export const ITEM_FAILED = 2;
/** status, total, system, systemNoSys, assistant, completionStart, exact, spanCount. */
export const ITEM_HEADER = 8;

export interface BatchResult {
  run: number;
  batch: number;
  /** Items back to back: ITEM_HEADER ints, then 2 per span. */
  data: Int32Array;
  errors: { index: number; error: SerializedTokenizeError }[];
  warnings: { index: number; warnings: string[] }[];
  /** Checks of the "remove system prompt" derivation made while analysing this batch. */
  noSysChecked: number;
  noSysFailed: number;
}

export type FromWorker =
  | { type: 'ready'; warnings: string[] }
  | { type: 'init-error'; error: SerializedTokenizeError }
  | ({ type: 'result' } & BatchResult);
