/**
 * Canonical rollouts read back from the database for exports, through this process's raw handle, a
 * chunk of `WHERE id IN (...)` at a time, so memory stays flat however many are exported (the
 * queries themselves are in stored-reads.ts).
 *
 * Invariants:
 * - Rollouts come out in the order of `ids` (callers pass model rows, i.e. ascending Rollout.id).
 * - An id with no row is skipped, or (missing: 'throw') an error.
 */
import type { Rollout } from '../formats/types';
import { getDb } from './client';
import { fromStoredRollout } from './rollout-row';
import { MAX_CHUNK, MissingRolloutError, storedRowsById } from './stored-reads';

export { MissingRolloutError };

/** The rollouts with these ids, keyed by id. For pair exports that need random access. */
export function loadRolloutsById({ ids }: { ids: ArrayLike<number> }): Map<number, Rollout> {
  const out = new Map<number, Rollout>();
  for (const [id, row] of storedRowsById(getDb().raw, ids)) out.set(id, fromStoredRollout(row));
  return out;
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
