/**
 * A read connection for worker threads (export encoding): plain better-sqlite3, no Prisma client and
 * no migration check, so a worker starts in a fraction of the time getDb() takes. The process that
 * starts the workers has opened (and migrated) the database with getDb() already. WAL lets these
 * readers run beside its connection.
 *
 * It reads the database file through a memory map: an export reads every selected body once, and
 * without the map each 8 KiB page is copied from the OS cache into SQLite's own first, which at a
 * million rollouts costs a second of the export (bench/RESULTS.md). The mapped pages are the OS
 * page cache, shared and reclaimable, not memory the export holds; they do count in the process's
 * RSS, which is why the export benchmark reports anonymous memory beside it. SQLite caps the map
 * at its compile-time limit (2 GB in better-sqlite3's build) and reads past it as usual.
 */
import Database from 'better-sqlite3';
import type { ReadHandle } from './stored-reads';

const MMAP_BYTES = 2 ** 31;

export function openReader(dbPath: string): ReadHandle {
  const db = new Database(dbPath, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  return db;
}
