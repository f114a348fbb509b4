/**
 * A rollout as database rows and back, pure (no database access), so worker threads can do this
 * CPU work beside the database's own thread:
 * - toRolloutRow: a rollout flattened into the values of its Rollout, RolloutBody and search-index
 *   rows (the import's parse worker; the tuple of strings and numbers crosses threads cheaply);
 * - fromStoredRollout: a Rollout + RolloutBody row read back into a rollout (exports' encode workers).
 *   Rows stored before promptLength was (null) read back without it: writers use the default boundary.
 */
import type { Message, Rollout, ToolSpec } from '../formats/types';
import { rolloutShape, searchableText } from '../formats/stats';
import { storedMessagesJson } from '../formats/finalize';

export type RolloutRow = [
  externalId: string,
  taskId: string | null,
  trial: number | null,
  promptKey: string,
  reward: number | null,
  success: 0 | 1 | null,
  split: string | null,
  numMessages: number,
  numTurns: number,
  numToolCalls: number,
  metrics: string,
  sourceFile: string,
  sourceRecord: number,
  sourceLine: number | null,
  contentHash: string,
  pairId: string | null,
  pairSide: string | null,
  promptLength: number | null,
  messages: string,
  tools: string,
  meta: string,
  searchText: string,
];

/** Index of the fields the Rollout table takes (the first 18); the rest go to the body and index. */
export const ROLLOUT_COLUMNS = 18;

export function toRolloutRow(r: Rollout): RolloutRow {
  const shape = rolloutShape(r.messages);
  return [
    r.externalId,
    r.taskId,
    r.trial,
    r.promptKey,
    r.reward,
    r.success == null ? null : r.success ? 1 : 0,
    r.split,
    shape.numMessages,
    shape.numTurns,
    shape.numToolCalls,
    JSON.stringify(r.metrics),
    r.source.file,
    r.source.record,
    r.source.line ?? null,
    r.contentHash,
    r.pair?.id ?? null,
    r.pair?.side ?? null,
    r.promptLength ?? null,
    storedMessagesJson(r.messages),
    JSON.stringify(r.tools),
    JSON.stringify(r.meta ?? {}),
    searchableText(r.messages),
  ];
}

/** A Rollout row joined with its RolloutBody, as read (JSON columns still text). */
export interface StoredRollout {
  id: number;
  externalId: string;
  taskId: string | null;
  trial: number | null;
  promptKey: string;
  reward: number | null;
  success: number | null;
  split: string | null;
  metrics: string;
  sourceFile: string;
  sourceRecord: number;
  sourceLine: number | null;
  contentHash: string;
  pairId: string | null;
  pairSide: string | null;
  promptLength: number | null;
  messages: string | null;
  tools: string | null;
  meta: string | null;
}

/** A stored JSON column, or `fallback` when it is empty or not JSON (a bad row reads as empty, never throws). */
export function parseStoredJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function fromStoredRollout(r: StoredRollout): Rollout {
  const out: Rollout = {
    externalId: r.externalId,
    taskId: r.taskId,
    trial: r.trial,
    messages: parseStoredJson<Message[]>(r.messages, []),
    tools: parseStoredJson<ToolSpec[]>(r.tools, []),
    reward: r.reward,
    metrics: parseStoredJson<Record<string, number>>(r.metrics, {}),
    success: r.success == null ? null : r.success === 1,
    split: r.split,
    source:
      r.sourceLine == null
        ? { file: r.sourceFile, record: r.sourceRecord }
        : { file: r.sourceFile, record: r.sourceRecord, line: r.sourceLine },
    meta: parseStoredJson<Record<string, unknown>>(r.meta, {}),
    promptKey: r.promptKey,
    contentHash: r.contentHash,
  };
  if (r.pairId != null && (r.pairSide === 'chosen' || r.pairSide === 'rejected'))
    out.pair = { id: r.pairId, side: r.pairSide };
  if (r.promptLength != null) out.promptLength = r.promptLength;
  return out;
}
