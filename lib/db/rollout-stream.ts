/**
 * Canonical rollouts read back from the database for exports: Rollout + RolloutBody through the raw
 * handle, a chunk of `WHERE id IN (...)` at a time, so memory stays flat however many are exported.
 *
 * Invariants:
 * - Rollouts come out in the order of `ids` (callers pass model rows, i.e. ascending Rollout.id).
 * - An id with no row is skipped, or (missing: 'throw') an error.
 */
import type { Rollout } from '../formats/types';
import { getDb } from './client';
import { fromStoredRollout, type StoredRollout } from './rollout-row';

const COLUMNS = `r.id, r.externalId, r.taskId, r.trial, r.promptKey, r.reward, r.success, r.split, r.metrics,
  r.sourceFile, r.sourceRecord, r.sourceLine, r.contentHash, r.pairId, r.pairSide, r.promptLength, b.messages, b.tools, b.meta`;

// SQLite's default limit on bound parameters is 32766; chunks stay far below it.
const MAX_CHUNK = 5000;

/** The stored rows of `ids`, keyed by id, a chunk of ids per query. Missing ids are simply absent. */
function storedById(ids: ArrayLike<number>): Map<number, StoredRollout> {
  const out = new Map<number, StoredRollout>();
  for (let start = 0; start < ids.length; start += MAX_CHUNK) {
    const chunk = Array.from({ length: Math.min(MAX_CHUNK, ids.length - start) }, (_, k) => ids[start + k]);
    const rows = getDb()
      .raw.prepare(`SELECT ${COLUMNS} FROM "Rollout" r LEFT JOIN "RolloutBody" b ON b.rolloutId = r.id WHERE r.id IN (${chunk.map(() => '?').join(',')})`)
      .all(...chunk) as StoredRollout[];
    for (const row of rows) out.set(row.id, row);
  }
  return out;
}

/** The rollouts with these ids, keyed by id. For pair exports that need random access. */
export function loadRolloutsById({ ids }: { ids: ArrayLike<number> }): Map<number, Rollout> {
  const out = new Map<number, Rollout>();
  for (const [id, row] of storedById(ids)) out.set(id, fromStoredRollout(row));
  return out;
}

/** A requested rollout no longer exists (the dataset changed while streaming). */
export class MissingRolloutError extends Error {
  constructor(readonly id: number) {
    super(`rollout ${id} no longer exists`);
    this.name = 'MissingRolloutError';
  }
}

/**
 * Streams the rollouts of `ids` in that order, `batchSize` (default 500) per query. A missing id is
 * skipped, or with `missing: 'throw'` raises MissingRolloutError (exports pair items by position).
 */
export async function* streamRollouts({
  ids,
  batchSize = 500,
  missing = 'skip',
}: {
  ids: Int32Array | number[];
  batchSize?: number;
  missing?: 'skip' | 'throw';
}): AsyncGenerator<Rollout> {
  const size = Math.max(1, Math.min(MAX_CHUNK, Math.floor(batchSize)));
  for (let start = 0; start < ids.length; start += size) {
    const chunk = Array.from(ids.slice(start, start + size));
    const byId = loadRolloutsById({ ids: chunk });
    for (const id of chunk) {
      const r = byId.get(id);
      if (r) yield r;
      else if (missing === 'throw') throw new MissingRolloutError(id);
    }
    // Let the event loop breathe between queries (progress writes, abort signals).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * The stored rows (JSON text, not parsed) of `ids`, in that order: for exports that parse and encode
 * on worker threads. Throws MissingRolloutError for an id with no row.
 */
export function loadStoredRows({ ids }: { ids: ArrayLike<number> }): StoredRollout[] {
  const byId = storedById(ids);
  return Array.from({ length: ids.length }, (_, k) => {
    const row = byId.get(ids[k]);
    if (!row) throw new MissingRolloutError(ids[k]);
    return row;
  });
}
