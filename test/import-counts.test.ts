/**
 * Import counts are in one unit, records, for every format (read = imported + skipped +
 * duplicates), with the rollouts stored beside them: a preference record stores two rollouts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/lib/db/client';
import { getImport } from '@/lib/db/imports';
import { importFile, type ImportCounts, type ImportOutcome } from '@/lib/jobs/import-file';
import { tmpDir } from './import-fixtures';

// 4 records: two good DPO pairs, one with an empty preferred_output, one whose input is a string.
const DPO = 'test/fixtures/openai-dpo/pairs.jsonl';

let dir: string;
beforeAll(() => {
  dir = tmpDir('sift-counts-');
  getDb();
});
afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

function landed(o: ImportOutcome) {
  if (o.status !== 'imported') throw new Error(`expected an import, got ${o.status}`);
  return o;
}

const addsUp = (c: Pick<ImportCounts, 'read' | 'imported' | 'skipped' | 'duplicates'>) =>
  expect(c.read).toBe(c.imported + c.skipped + c.duplicates);

describe('import counts for a preference file', () => {
  it('counts records, and the rollouts stored beside them', async () => {
    const o = landed(await importFile({ path: DPO, datasetName: 'dpo-counts' }));
    expect(o.format).toBe('openai-dpo');
    expect(o.counts).toMatchObject({ read: 4, imported: 2, skipped: 2, duplicates: 0, rollouts: 4 });
    addsUp(o.counts);
    const rows = getDb().raw.prepare(`SELECT count(*) n FROM "Rollout" WHERE importId = ?`).get(o.importId) as {
      n: number;
    };
    expect(rows.n).toBe(4);
    // The import report page reads these from the Import row.
    const imp = await getImport({ id: o.importId });
    expect(imp).toMatchObject({ read: 4, imported: 2, skipped: 2, duplicates: 0, rolloutCount: 4 });
  });

  it('a forced re-import counts whole records as duplicates and stores no rollout', async () => {
    const o = landed(await importFile({ path: DPO, datasetName: 'dpo-counts', force: true }));
    expect(o.counts).toMatchObject({ read: 4, imported: 0, skipped: 2, duplicates: 2, rollouts: 0 });
    addsUp(o.counts);
    expect(await getImport({ id: o.importId })).toMatchObject({ imported: 0, duplicates: 2, rolloutCount: 0 });
  });

  it('sift import --json reports the same, with rollouts beside the records', () => {
    const db = path.join(dir, 'cli.db');
    const r = spawnSync(process.execPath, ['bin/sift.mjs', '--db', db, 'import', '--json', '--dataset', 'd', DPO], {
      encoding: 'utf8',
      env: { ...process.env, SIFT_DB: undefined },
    });
    expect(r.status, r.stderr).toBe(0);
    const [file] = (JSON.parse(r.stdout) as { files: ImportCounts[] }).files;
    expect(file).toMatchObject({ read: 4, imported: 2, skipped: 2, duplicates: 0, rollouts: 4 });
    addsUp(file);
  });
});
