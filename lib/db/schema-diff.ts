/**
 * Asks Prisma's own schema engine, compiled to WebAssembly (@prisma/schema-engine-wasm), for the
 * migration SQL that schema.prisma needs, offline: the Prisma CLI's `migrate dev` would try to
 * download a native engine, which these machines cannot reach. scripts/new-migration.ts writes the
 * result to prisma/migrations/; lib/db/migrate.ts applies it on the next open.
 *
 * Importing this module needs `node --experimental-wasm-modules` (npm run db:migration passes it).
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import Database from 'better-sqlite3';
import { applyMigrations } from './migrate';

/**
 * The SQL that brings a database migrated with `<prismaDir>/migrations` to `<prismaDir>/schema.prisma`
 * ('' or Prisma's "empty migration" comment when they match).
 */
export async function diffSchemaAgainstMigrations({ prismaDir }: { prismaDir: string }): Promise<string> {
  const schema = fs.readFileSync(path.join(prismaDir, 'schema.prisma'), 'utf8');
  const migrationsDir = path.join(prismaDir, 'migrations');
  const scratch = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sift-mig-')), 'scratch.db');
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaBetterSqlite3({ url: `file:${scratch}` }));
  const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => {}, adapter);
  // Replay the committed migrations into a scratch database with Sift's own applier, then let the
  // engine diff that database against schema.prisma. (The engine's own shadow-database replay sends
  // multi-statement scripts through a single prepare, which better-sqlite3 rejects.)
  const scratchDb = new Database(scratch);
  applyMigrations(scratchDb, migrationsDir);
  scratchDb.exec('DROP TABLE IF EXISTS "_prisma_migrations"');
  scratchDb.close();
  const from = {
    tag: 'schemaDatasource' as const,
    files: [{ path: 'schema.prisma', content: schema }],
    configDir: prismaDir,
  };
  const result = await engine
    .diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    } as never)
    .catch((e: Error) => {
      const m = /External error id#(\d+)/.exec(e.message);
      const rec = m ? adapter.errorRegistry.consumeError(Number(m[1])) : undefined;
      if (process.env.DEBUG_MIGRATION) console.error(rec);
      throw new Error(
        rec
          ? `${e.message.split('\n')[0]} ${String((rec.error as { message?: string }).message ?? JSON.stringify(rec.error)) + ' ' + String((rec.error as { originalMessage?: string }).originalMessage ?? '')}`
          : e.message,
      );
    });
  return (result.stdout ?? '').trim();
}

/** Throws unless `sql` applies on top of the migrations in `<prismaDir>/migrations` (in a scratch database). */
export function checkMigrationApplies({ prismaDir, sql }: { prismaDir: string; sql: string }): void {
  const db = new Database(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sift-mig-')), 'check.db'));
  try {
    applyMigrations(db, path.join(prismaDir, 'migrations'));
    db.exec(sql);
  } finally {
    db.close();
  }
}
