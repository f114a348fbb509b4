import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/client';

const root = path.resolve(__dirname, '../..');
const generate = (prismaDir: string, name: string, ...args: string[]) =>
  spawnSync(
    process.execPath,
    [
      '--experimental-wasm-modules',
      '--no-warnings',
      '--import',
      'tsx',
      path.join(root, 'scripts/new-migration.ts'),
      name,
      ...args,
    ],
    {
      encoding: 'utf8',
      cwd: root,
      env: { ...process.env, PRISMA_DIR: prismaDir },
    },
  );

describe('schema change → migration workflow (ARCHITECTURE.md)', () => {
  it('the committed migrations match schema.prisma exactly', () => {
    const r = generate(path.join(root, 'prisma'), 'drift_check');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('nothing to generate');
  });

  it('a schema edit produces a migration that the next open applies', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-mig-'));
    const prismaDir = path.join(dir, 'prisma');
    fs.cpSync(path.join(root, 'prisma'), prismaDir, { recursive: true });
    const db = path.join(dir, 'sift.db');
    openDatabase(db, path.join(prismaDir, 'migrations')).raw.close();

    const schemaFile = path.join(prismaDir, 'schema.prisma');
    fs.writeFileSync(
      schemaFile,
      fs
        .readFileSync(schemaFile, 'utf8')
        .replace(
          '  isSample    Boolean   @default(false)',
          '  isSample    Boolean   @default(false)\n  colour      String?',
        ),
    );
    const r = generate(prismaDir, 'add_colour');
    expect(r.status, r.stderr).toBe(0);
    const created = fs.readdirSync(path.join(prismaDir, 'migrations')).filter((d) => d.endsWith('_add_colour'));
    expect(created).toHaveLength(1);
    const sql = fs.readFileSync(path.join(prismaDir, 'migrations', created[0], 'migration.sql'), 'utf8');
    expect(sql).toMatch(/colour/);

    const reopened = openDatabase(db, path.join(prismaDir, 'migrations'));
    expect(reopened.migrated).toEqual([created[0]]);
    const cols = reopened.raw.prepare(`SELECT name FROM pragma_table_info('Dataset')`).all() as { name: string }[];
    expect(cols.map((c) => c.name)).toContain('colour');
    reopened.raw.close();
  });

  it('--data-sql appends a data step (here alone: no schema change) that the next open runs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-mig-'));
    const prismaDir = path.join(dir, 'prisma');
    fs.cpSync(path.join(root, 'prisma'), prismaDir, { recursive: true });
    const db = path.join(dir, 'sift.db');
    const first = openDatabase(db, path.join(prismaDir, 'migrations'));
    first.raw
      .prepare(`INSERT INTO "Job" (id, kind, status) VALUES ('j1', 'import', 'old'), ('j2', 'import', 'done')`)
      .run();
    first.raw.close();

    const ddl = path.join(dir, 'ddl.sql');
    fs.writeFileSync(ddl, 'ALTER TABLE "Job" ADD COLUMN "x" TEXT;\n');
    const rejected = generate(prismaDir, 'bad_step', '--data-sql', ddl);
    expect(rejected.status).toBe(1);
    expect(rejected.stderr).toMatch(/changes the schema .*schema\.prisma/);

    const step = path.join(dir, 'step.sql');
    fs.writeFileSync(step, `UPDATE "Job" SET status = 'new' WHERE status = 'old';\n`);
    const r = generate(prismaDir, 'rename_old', '--data-sql', step);
    expect(r.status, r.stderr).toBe(0);
    const created = fs.readdirSync(path.join(prismaDir, 'migrations')).filter((d) => /_(rename_old|bad_step)$/.test(d));
    expect(created).toHaveLength(1);
    const sql = fs.readFileSync(path.join(prismaDir, 'migrations', created[0], 'migration.sql'), 'utf8');
    expect(sql).toMatch(/^-- Data step, appended by `npm run db:migration -- rename_old --data-sql step\.sql`/);
    expect(sql).toContain(`UPDATE "Job" SET status = 'new' WHERE status = 'old';`);

    const reopened = openDatabase(db, path.join(prismaDir, 'migrations'));
    expect(reopened.migrated).toEqual([created[0]]);
    const rows = reopened.raw.prepare(`SELECT id, status FROM "Job" ORDER BY id`).all();
    expect(rows).toEqual([
      { id: 'j1', status: 'new' },
      { id: 'j2', status: 'done' },
    ]);
    reopened.raw.close();
    // A data step is not drift: the schema still matches.
    expect(generate(prismaDir, 'drift_check').stdout).toContain('nothing to generate');
  });
});
