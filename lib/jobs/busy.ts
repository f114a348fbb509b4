/**
 * SQLite's write lock is held by an import for its whole transaction (lib/db/ingest.ts). Writers in
 * other processes see SQLITE_BUSY ("database is locked") once their busy timeout runs out.
 */
export function isBusyError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  // better-sqlite3 says SQLITE_BUSY; Prisma's adapter reports the same wait as P1008 "Operation has timed out"
  return (
    code === 'SQLITE_BUSY' || code === 'P1008' || /database is locked|SQLITE_BUSY/i.test((e as Error)?.message ?? '')
  );
}

/** Retries `fn` while the database is locked by another writer (up to `maxWaitMs`). */
export async function withBusyRetry<T>(
  fn: () => Promise<T>,
  onWait?: () => void,
  maxWaitMs = 6 * 3600_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (!isBusyError(e) || Date.now() - start > maxWaitMs) throw e;
      onWait?.();
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
