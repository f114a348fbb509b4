/**
 * The canceled_status_and_error_codes migration: rows written before the error vocabulary
 * (lib/errors.ts) read in it. A database migrated up to the previous migration gets old rows, then
 * opens with every migration.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb, openDatabase } from '@/lib/db/client';
import { getExport } from '@/lib/db/exports';
import { getJob } from '@/lib/db/jobs';
import { getEnv, setEnv } from '@/lib/env';
import { isErrorCode } from '@/lib/errors';

const migrationsDir = path.resolve(__dirname, '../../prisma/migrations');
const MIGRATION = fs.readdirSync(migrationsDir).find((d) => d.endsWith('_canceled_status_and_error_codes'))!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-canceled-'));
const file = path.join(dir, 'old.db');
const previous = getEnv().dbPath;

beforeAll(async () => {
  // The migrations as they were before this one.
  const before = path.join(dir, 'migrations');
  fs.cpSync(migrationsDir, before, { recursive: true });
  fs.rmSync(path.join(before, MIGRATION), { recursive: true });
  const old = openDatabase(file, before);
  const job = old.raw.prepare(`INSERT INTO "Job" (id, kind, status, result, error) VALUES (?, ?, ?, ?, ?)`);
  job.run(
    '00000000-0000-4000-8000-000000000001',
    'import',
    'cancelled',
    JSON.stringify({ kind: 'error', code: 'CANCELED', fileName: 'a.jsonl' }),
    'canceled; nothing was stored',
  );
  job.run(
    '00000000-0000-4000-8000-000000000002',
    'import',
    'failed',
    JSON.stringify({ kind: 'error', code: 'UNKNOWN_FORMAT', fileName: 'b.jsonl', candidates: [] }),
    'no format',
  );
  job.run(
    '00000000-0000-4000-8000-000000000003',
    'tokens',
    'failed',
    JSON.stringify({ kind: 'error', code: 'template-syntax', message: 'x', line: 2 }),
    'x',
  );
  job.run(
    '00000000-0000-4000-8000-000000000004',
    'tokens',
    'cancelled',
    null,
    'Canceled; finished batches stay cached.',
  );
  job.run(
    '00000000-0000-4000-8000-000000000005',
    'import',
    'done',
    JSON.stringify({ kind: 'imported', importId: 1 }),
    null,
  );
  old.raw.prepare(`INSERT INTO "Dataset" (id, name, updatedAt) VALUES (1, 'd', 0)`).run();
  old.raw
    .prepare(
      `INSERT INTO "Import" (datasetId, fileName, size, sha256, status) VALUES (1, 'a.jsonl', 1, 'x', 'cancelled')`,
    )
    .run();
  old.raw
    .prepare(
      `INSERT INTO "Export" (id, datasetId, name, format, status, dir, request) VALUES (1, 1, 'e', 'kto', 'cancelled', 'e', '{}')`,
    )
    .run();
  await old.prisma.$disconnect();
  old.raw.close();

  await closeDb();
  setEnv({ SIFT_DB: file });
});

afterAll(async () => {
  await closeDb();
  setEnv({ SIFT_DB: previous });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('canceled_status_and_error_codes', () => {
  it('is applied when an old database opens', () => {
    expect(getDb().migrated).toEqual([MIGRATION]);
  });

  it("reads an old 'cancelled' job, import and export as 'canceled'", async () => {
    expect((await getJob({ id: '00000000-0000-4000-8000-000000000001' }))?.status).toBe('canceled');
    expect((await getJob({ id: '00000000-0000-4000-8000-000000000004' }))?.status).toBe('canceled');
    expect((await getExport({ id: 1 }))?.status).toBe('canceled');
    const imports = getDb().raw.prepare(`SELECT status FROM "Import"`).all();
    expect(imports).toEqual([{ status: 'canceled' }]);
    const statuses = getDb().raw.prepare(`SELECT DISTINCT status FROM "Job" ORDER BY status`).all();
    expect(statuses).toEqual([{ status: 'canceled' }, { status: 'done' }, { status: 'failed' }]);
  });

  it('moves error codes stored in job results to the snake_case vocabulary, leaving the rest as it was', async () => {
    const result = async (n: number) => (await getJob({ id: `00000000-0000-4000-8000-00000000000${n}` }))?.result;
    expect(await result(1)).toEqual({ kind: 'error', code: 'canceled', fileName: 'a.jsonl' });
    expect(await result(2)).toEqual({ kind: 'error', code: 'unknown_format', fileName: 'b.jsonl', candidates: [] });
    expect(await result(3)).toEqual({ kind: 'error', code: 'template_syntax', message: 'x', line: 2 });
    expect(await result(4)).toBeNull();
    expect(await result(5)).toEqual({ kind: 'imported', importId: 1 });
    for (const n of [1, 2, 3]) expect(isErrorCode(((await result(n)) as { code: string }).code)).toBe(true);
  });
});
