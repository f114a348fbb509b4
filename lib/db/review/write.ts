/**
 * Review writes are short raw transactions: BEGIN IMMEDIATE, a few statements, COMMIT. The write lock
 * is asked for without waiting inside SQLite (busy_timeout 0) and polled every WRITE_POLL_MS on the
 * event loop, so a review saved while an import writes in short transactions slips in between them
 * instead of sleeping in SQLite's busy handler (which backs off to 100 ms and freezes the server).
 *
 * This is the same contract as the `writeTransaction` of the staged-imports work (lib/db/write.ts
 * once it lands on main): when it does, this file should re-export it. Until then an import's one
 * long transaction still holds the lock for its whole length; a review write waits up to
 * WRITE_MAX_WAIT_MS and then fails with `busy`.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../errors';

export const WRITE_POLL_MS = 2;
export const WRITE_MAX_WAIT_MS = 30_000;
const RAW_BUSY_TIMEOUT_MS = 5000;

function isBusyError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || /database is locked|SQLITE_BUSY/i.test((e as Error)?.message ?? '');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function beginImmediateNow(raw: Database.Database): void {
  raw.pragma('busy_timeout = 0');
  try {
    raw.exec('BEGIN IMMEDIATE');
  } finally {
    raw.pragma(`busy_timeout = ${RAW_BUSY_TIMEOUT_MS}`);
  }
}

/**
 * `fn` (synchronous, short) inside a write transaction on `raw`; a throw rolls back and is rethrown.
 * Everything `fn` reads is read under the lock, so a read-check-write (a lease, a version) is atomic.
 */
export async function writeTransaction<T>(
  raw: Database.Database,
  fn: () => T,
  { maxWaitMs = WRITE_MAX_WAIT_MS }: { maxWaitMs?: number } = {},
): Promise<T> {
  const start = performance.now();
  // The handle is shared by every request of this process: wait for another request's transaction too.
  for (;;) {
    if (!raw.inTransaction) {
      try {
        beginImmediateNow(raw);
        break;
      } catch (e) {
        if (!isBusyError(e)) throw e;
      }
    }
    const waited = performance.now() - start;
    if (waited > maxWaitMs)
      throw new AppError('busy', `The database stayed locked by another writer for ${Math.round(waited / 1000)} s.`);
    await sleep(WRITE_POLL_MS);
  }
  try {
    const out = fn();
    raw.exec('COMMIT');
    return out;
  } catch (e) {
    if (raw.inTransaction) raw.exec('ROLLBACK');
    throw e;
  }
}
