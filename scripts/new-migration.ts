/**
 * Generates a new migration from prisma/schema.prisma, offline, with Prisma's own schema engine
 * compiled to WebAssembly (@prisma/schema-engine-wasm). The Prisma CLI's `migrate dev` would try to
 * download a native engine, which these machines cannot reach.
 *
 *   npm run db:migration -- add_review_table
 *   npm run db:migration -- rename_status --data-sql rename-status.sql
 *
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql (never edit it by hand). The next start of
 * the app, the CLI or a test applies it (lib/db/migrate.ts).
 *
 * `--data-sql FILE` appends FILE's statements after the generated DDL, under a header comment that
 * says so: a data step (UPDATE/INSERT/DELETE) is not a schema diff, so Prisma cannot generate it.
 * With no schema change the migration holds the data step alone. The step runs in the migration's
 * transaction; it is rejected when it changes the schema (that belongs in schema.prisma) or when the
 * migration does not apply on a copy of the committed migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import Database from 'better-sqlite3';
import { applyMigrations } from '../lib/db/migrate';

const root = path.resolve(import.meta.dirname, '..');
// PRISMA_DIR lets tests run the generator on a copy of prisma/.
const prismaDir = path.resolve(process.env.PRISMA_DIR ?? path.join(root, 'prisma'));
const schemaPath = path.join(prismaDir, 'schema.prisma');
const migrationsDir = path.join(prismaDir, 'migrations');

export async function diffSchemaAgainstMigrations(): Promise<string> {
  const schema = fs.readFileSync(schemaPath, 'utf8');
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

const DDL = /^\s*(CREATE|ALTER|DROP)\b/im;

/** The data step as it is appended: a header naming its origin, then the file's statements. */
export function dataStep(sql: string, file: string, name: string): string {
  const body = sql.trim();
  if (!body) throw new Error(`--data-sql ${file} is empty`);
  if (DDL.test(body.replace(/^\s*--.*$/gm, '')))
    throw new Error(`--data-sql ${file} changes the schema (CREATE/ALTER/DROP); edit schema.prisma for that`);
  return [
    `-- Data step, appended by \`npm run db:migration -- ${name} --data-sql ${path.basename(file)}\``,
    '-- (scripts/new-migration.ts): not part of the schema diff; runs after it, in the same transaction.',
    body,
  ].join('\n');
}

/** Throws unless `sql` applies on top of the committed migrations (in a scratch database). */
function checkApplies(sql: string): void {
  const db = new Database(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sift-mig-')), 'check.db'));
  try {
    applyMigrations(db, migrationsDir);
    db.exec(sql);
  } finally {
    db.close();
  }
}

async function main() {
  const { positionals, values } = parseArgs({ options: { 'data-sql': { type: 'string' } }, allowPositionals: true });
  const name = (positionals[0] ?? '').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  if (!name || positionals.length > 1) {
    console.error('usage: npm run db:migration -- <name> [--data-sql FILE]');
    process.exit(2);
  }
  let sql = await diffSchemaAgainstMigrations();
  if (/^-- This is an empty migration\.?$/.test(sql)) sql = '';
  const dataFile = values['data-sql'];
  if (dataFile) {
    // npm runs scripts from the package root; a relative path means the caller's folder.
    const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), dataFile);
    const step = dataStep(fs.readFileSync(file, 'utf8'), file, name);
    sql = sql ? `${sql}\n\n${step}` : step;
    checkApplies(sql);
  }
  if (!sql) {
    console.log('schema.prisma matches the migrations: nothing to generate.');
    return;
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql + '\n');
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  if (!fs.existsSync(lock)) {
    fs.writeFileSync(
      lock,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "sqlite"\n',
    );
  }
  console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
