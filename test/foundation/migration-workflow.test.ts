import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/client';

const root = path.resolve(__dirname, '../..');
const generate = (prismaDir: string, name: string) =>
  spawnSync(
    process.execPath,
    [
      '--experimental-wasm-modules',
      '--no-warnings',
      '--import',
      'tsx',
      path.join(root, 'scripts/new-migration.ts'),
      name,
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
});
