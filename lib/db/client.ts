/**
 * The one place that opens the database. `getDb()` returns the Prisma client (for the UI's reads and
 * writes) and a raw better-sqlite3 handle (for bulk ingest and the few full-column scans Prisma's row
 * mapping would make slow). Opening applies pending migrations and ensures the search index, so the
 * app, the CLI and tests all get a ready database from the same code.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client';
import { getEnv } from '../env';
import { AppError, isAppError } from '../errors';
import { applyMigrations } from './migrate';
import { ensureSearchIndex } from './search-index';

export interface Db {
  path: string;
  prisma: PrismaClient;
  raw: Database.Database;
  /** Migrations applied by this open (empty when the database was up to date). */
  migrated: string[];
}

const globalForDb = globalThis as unknown as { __siftDb?: Db };

export function openDatabase(dbPath: string, migrationsDir: string): Db {
  const isNew = !fs.existsSync(dbPath) || fs.statSync(dbPath).size === 0;
  try {
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  } catch (e) {
    throw new AppError('db_unwritable', `Cannot create the folder for the database ${dbPath}: ${(e as Error).message}`);
  }
  let raw: Database.Database;
  try {
    raw = new Database(dbPath);
    if (isNew) raw.pragma('page_size = 8192'); // larger pages: ~1.6x faster bulk ingest (lib/db/README.md)
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    raw.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    const msg = (e as Error).message;
    if (/not a database|malformed|file is encrypted/i.test(msg)) {
      throw new AppError(
        'db_corrupt',
        `${dbPath} is not a readable Sift database (${msg}). Move it aside or set SIFT_DB to another file.`,
      );
    }
    throw new AppError('db_unwritable', `Cannot open the database ${dbPath}: ${msg}`);
  }
  let migrated: string[];
  try {
    migrated = applyMigrations(raw, migrationsDir);
    ensureSearchIndex(raw);
  } catch (e) {
    raw.close();
    if (isAppError(e)) throw e;
    const msg = (e as Error).message;
    if (/not a database|malformed/i.test(msg)) {
      throw new AppError(
        'db_corrupt',
        `${dbPath} is not a readable Sift database (${msg}). Move it aside or set SIFT_DB to another file.`,
      );
    }
    throw e;
  }
  const adapter = new PrismaBetterSqlite3({ url: `file:${dbPath}` });
  const prisma = new PrismaClient({ adapter });
  return { path: dbPath, prisma, raw, migrated };
}

/** The process-wide database, opened on first use from lib/env.ts settings. */
export function getDb(): Db {
  const env = getEnv();
  const current = globalForDb.__siftDb;
  if (current && current.path === env.dbPath) return current;
  const db = openDatabase(env.dbPath, path.join(env.root, 'prisma/migrations'));
  globalForDb.__siftDb = db;
  return db;
}

export async function closeDb(): Promise<void> {
  const db = globalForDb.__siftDb;
  globalForDb.__siftDb = undefined;
  if (!db) return;
  await db.prisma.$disconnect();
  db.raw.close();
}
