import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { readMigrations } from '@/lib/db/migrate';

const migrationsDir = path.resolve(__dirname, '../../prisma/migrations');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sift-db-'));

describe('opening a database', () => {
  it('creates a new database, applies every migration once, and records them the way Prisma does', async () => {
    const file = path.join(tmp(), 'nested/dir/sift.db');
    const db = openDatabase(file, migrationsDir);
    expect(db.migrated).toEqual(readMigrations(migrationsDir).map((m) => m.name));
    const history = db.raw.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations').all() as {
      checksum: string;
      finished_at: string;
    }[];
    expect(history).toHaveLength(db.migrated.length);
    expect(history[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    await db.prisma.dataset.create({ data: { name: 'a' } });
    await db.prisma.$disconnect();
    db.raw.close();
    const again = openDatabase(file, migrationsDir);
    expect(again.migrated).toEqual([]);
    expect(await again.prisma.dataset.count()).toBe(1);
    await again.prisma.$disconnect();
    again.raw.close();
  });

  it('applies a migration added later, keeping the data', async () => {
    const dir = tmp();
    const migs = path.join(dir, 'migrations');
    fs.cpSync(migrationsDir, migs, { recursive: true });
    const file = path.join(dir, 'sift.db');
    const first = openDatabase(file, migs);
    first.raw.prepare(`INSERT INTO "Dataset" (name, updatedAt) VALUES ('keep', '2026-01-01T00:00:00.000Z')`).run();
    first.raw.close();
    fs.mkdirSync(path.join(migs, '29990101000000_add_note'));
    fs.writeFileSync(
      path.join(migs, '29990101000000_add_note/migration.sql'),
      'ALTER TABLE "Dataset" ADD COLUMN "note" TEXT;\n',
    );
    const second = openDatabase(file, migs);
    expect(second.migrated).toEqual(['29990101000000_add_note']);
    expect(second.raw.prepare('SELECT name, note FROM "Dataset"').get()).toEqual({ name: 'keep', note: null });
    second.raw.close();
  });

  it('applies a migration that rebuilds a referenced table without cascading into its children', async () => {
    // Prisma rebuilds a table it cannot ALTER (e.g. to add a foreign-key column): new_X, copy, DROP X,
    // rename, between PRAGMAs that are no-ops inside a transaction. With the constraints left on,
    // DROP "Import" would delete every Rollout of it.
    const dir = tmp();
    const migs = path.join(dir, 'migrations');
    fs.cpSync(migrationsDir, migs, { recursive: true });
    const file = path.join(dir, 'sift.db');
    const first = openDatabase(file, migs);
    const ds = first.raw.prepare(`INSERT INTO "Dataset" (name, updatedAt) VALUES ('keep', '2026-01-01')`).run();
    const imp = first.raw
      .prepare(`INSERT INTO "Import" (datasetId, fileName, size, sha256) VALUES (?, 'f.jsonl', 1, 'x')`)
      .run(ds.lastInsertRowid);
    first.raw
      .prepare(
        `INSERT INTO "Rollout" (datasetId, importId, externalId, promptKey, numMessages, numTurns, numToolCalls, sourceFile, sourceRecord, contentHash) VALUES (?, ?, 'r1', 'k', 2, 1, 0, 'f.jsonl', 0, 'h')`,
      )
      .run(ds.lastInsertRowid, imp.lastInsertRowid);
    const importDdl = (
      first.raw.prepare(`SELECT sql FROM sqlite_master WHERE name = 'Import'`).get() as { sql: string }
    ).sql;
    await first.prisma.$disconnect();
    first.raw.close();
    fs.mkdirSync(path.join(migs, '29990101000000_rebuild_import'));
    fs.writeFileSync(
      path.join(migs, '29990101000000_rebuild_import/migration.sql'),
      [
        'PRAGMA defer_foreign_keys=ON;',
        'PRAGMA foreign_keys=OFF;',
        `${importDdl.replace('CREATE TABLE "Import"', 'CREATE TABLE "new_Import"')};`,
        'INSERT INTO "new_Import" SELECT * FROM "Import";',
        'DROP TABLE "Import";',
        'ALTER TABLE "new_Import" RENAME TO "Import";',
        'PRAGMA foreign_keys=ON;',
        'PRAGMA defer_foreign_keys=OFF;',
      ].join('\n'),
    );
    const second = openDatabase(file, migs);
    expect(second.migrated).toEqual(['29990101000000_rebuild_import']);
    expect(second.raw.prepare('SELECT count(*) AS n FROM "Rollout"').get()).toEqual({ n: 1 });
    expect(second.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    await second.prisma.$disconnect();
    second.raw.close();
  });

  it('refuses a file that is not a database with one clear line', () => {
    const file = path.join(tmp(), 'corrupt.db');
    fs.writeFileSync(file, 'this is not sqlite at all, just text\n'.repeat(200));
    let err: unknown;
    try {
      openDatabase(file, migrationsDir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('db_corrupt');
    expect((err as AppError).message).toContain(file);
    expect((err as AppError).message).not.toContain('\n');
  });

  it('refuses a database written by a newer schema', () => {
    const file = path.join(tmp(), 'newer.db');
    openDatabase(file, migrationsDir).raw.close();
    const raw = new Database(file);
    raw
      .prepare(
        `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('x', 'y', '2030-01-01', '30000101000000_future', '2030-01-01', 1)`,
      )
      .run();
    raw.close();
    expect(() => openDatabase(file, migrationsDir)).toThrowError(/newer version of Sift/);
  });
});
