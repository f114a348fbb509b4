/**
 * Applies pending migrations from prisma/migrations when a database is opened, so a user never runs
 * a migration command. History is recorded in Prisma's standard `_prisma_migrations` table (same
 * columns, sha256 checksums), so Prisma's own CLI sees the same history on a machine that can run it.
 *
 * Migrations are generated from schema.prisma by scripts/new-migration.ts (lib/db/schema-diff.ts) and
 * never edited by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../errors';

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!fs.existsSync(migrationsDir)) {
    throw new AppError('migration_failed', `Migrations folder not found: ${migrationsDir}`);
  }
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

const HISTORY_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Returns the names of the migrations it applied. */
export function applyMigrations(db: Database.Database, migrationsDir: string): string[] {
  const files = readMigrations(migrationsDir);
  db.exec(HISTORY_DDL);
  const applied = db
    .prepare(
      `SELECT migration_name AS name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    )
    .all() as { name: string; checksum: string }[];
  const known = new Map(files.map((f) => [f.name, f]));
  for (const a of applied) {
    const f = known.get(a.name);
    if (!f) {
      throw new AppError(
        'db_newer_schema',
        `This database was written by a newer version of Sift (it has migration ${a.name}, which this version does not know). Upgrade Sift or point SIFT_DB at another file.`,
      );
    }
    if (f.checksum !== a.checksum) {
      throw new AppError(
        'migration_edited',
        `Migration ${a.name} was changed after it was applied to this database; migrations must never be edited.`,
      );
    }
  }
  const done = new Set(applied.map((a) => a.name));
  const ran: string[] = [];
  for (const f of files) {
    if (done.has(f.name)) continue;
    const id = crypto.randomUUID();
    const startedAt = new Date().toISOString();
    // Prisma rebuilds a table it cannot ALTER (a new foreign-key column, say): create new_X, copy,
    // DROP X, rename. Its `PRAGMA foreign_keys=OFF` is a no-op inside a transaction, and with the
    // constraints on, dropping X would cascade into the tables that reference it (every Rollout of
    // a dropped Import). So, as SQLite's documented procedure for such changes says: constraints off
    // outside the transaction, check them before committing, and back on afterwards.
    const fkWasOn = db.pragma('foreign_keys', { simple: true }) === 1;
    if (fkWasOn) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(f.sql);
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (broken.length > 0)
          throw new Error(`it leaves ${broken.length} row(s) of ${broken[0].table} pointing at no ${broken[0].parent}`);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(id, f.checksum, new Date().toISOString(), f.name, startedAt);
      })();
    } catch (e) {
      throw new AppError(
        'migration_failed',
        `Migration ${f.name} failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      if (fkWasOn) db.pragma('foreign_keys = ON');
    }
    ran.push(f.name);
  }
  return ran;
}
