/**
 * The import core against a fresh SQLite file (test/setup.ts): counts add up, dedupe, the
 * same-file no-op, strict mode, cancel and failures store nothing, gzip, the import job end to end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/lib/db/client';
import { getImport, getImportByJob } from '@/lib/db/imports';
import { createJob, getJob } from '@/lib/db/jobs';
import { getEnv } from '@/lib/env';
import { importFile, ImportError, type ImportOutcome } from '@/lib/jobs/import-file';
import { cancelFlagPath, readProgress, requestCancel } from '@/lib/jobs/progress';
import { runJob } from '@/lib/jobs/run-job';
import { nemoLine, nemoLines, tmpDir, writeJsonl } from './import-fixtures';

let dir: string;
beforeAll(() => {
  dir = tmpDir();
  getDb();
});
afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

function count(sql: string, ...args: unknown[]): number {
  return (
    getDb()
      .raw.prepare(sql)
      .get(...args) as { n: number }
  ).n;
}

function imported(o: ImportOutcome) {
  if (o.status !== 'imported') throw new Error(`expected an import, got ${o.status}`);
  return o;
}

async function importError(p: Promise<unknown>): Promise<ImportError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

const bad = ['{"responses_create_params": ', '{"unrelated": true}'];

describe('importFile', () => {
  it('imports a committed fixture with a skipped record listed', async () => {
    const o = imported(await importFile({ path: 'test/fixtures/tau-bench-v1/results.json', datasetName: 'tau-v1' }));
    expect(o.format).toBe('tau-bench-v1');
    expect(o.counts).toMatchObject({ read: 3, imported: 2, skipped: 1, duplicates: 0 });
    expect(o.issues).toEqual([
      expect.objectContaining({ record: 2, path: expect.stringMatching(/^\$/), message: expect.any(String) }),
    ]);
    expect(count(`SELECT count(*) n FROM "Rollout" WHERE datasetId = ?`, o.datasetId)).toBe(2);
  });

  it('skip-bad: counts add up and every skipped record is listed with line, path and reason', async () => {
    const lines = [...nemoLines(10), bad[0], ...nemoLines(5, 10), bad[1]];
    const file = writeJsonl(dir, 'mixed.jsonl', lines);
    const o = imported(await importFile({ path: file, datasetName: 'mixed' }));
    const c = o.counts;
    expect(c).toMatchObject({ read: 17, imported: 15, skipped: 2, duplicates: 0, issueCount: 2 });
    expect(c.read).toBe(c.imported + c.skipped + c.duplicates);
    expect(o.issues.map((i) => [i.record, i.line])).toEqual([
      [10, 11],
      [16, 17],
    ]);
    for (const i of o.issues) expect(i.path).toMatch(/^\$/);
    const row = await getImport({ id: o.importId });
    expect(row).toMatchObject({
      status: 'done',
      read: 17,
      imported: 15,
      skipped: 2,
      duplicates: 0,
      issueCount: 2,
      format: 'nemo-gym',
      mode: 'skip-bad',
    });
    expect(row!.issues).toHaveLength(2);
    expect(row!.formatReason).toBeTruthy();
    expect(count(`SELECT count(*) n FROM "Rollout" WHERE importId = ?`, o.importId)).toBe(15);
    expect(
      count(
        `SELECT count(*) n FROM "RolloutBody" b JOIN "Rollout" r ON r.id = b.rolloutId WHERE r.importId = ?`,
        o.importId,
      ),
    ).toBe(15);
  });

  it('dedupes by content hash within a dataset and counts duplicates', async () => {
    const file = writeJsonl(dir, 'dupes.jsonl', [...nemoLines(6), nemoLine(0), nemoLine(1)]);
    const o = imported(await importFile({ path: file, datasetName: 'dupes' }));
    expect(o.counts).toMatchObject({ read: 8, imported: 6, duplicates: 2, skipped: 0 });
    // an overlapping file into the same dataset: only the new ones land
    const more = writeJsonl(dir, 'more.jsonl', nemoLines(8));
    const o2 = imported(await importFile({ path: more, datasetName: 'dupes' }));
    expect(o2.counts).toMatchObject({ read: 8, imported: 2, duplicates: 6 });
    expect(count(`SELECT count(*) n FROM "Rollout" WHERE datasetId = ?`, o.datasetId)).toBe(8);
    // another dataset is another scope
    const o3 = imported(await importFile({ path: more, datasetName: 'dupes-2' }));
    expect(o3.counts.imported).toBe(8);
  });

  it('recognises the same file (sha256) in the same dataset as a no-op unless forced', async () => {
    const file = writeJsonl(dir, 'same.jsonl', nemoLines(5, 100));
    const first = imported(await importFile({ path: file, datasetName: 'same' }));
    const imports = count(`SELECT count(*) n FROM "Import"`);
    const again = await importFile({ path: file, datasetName: 'same' });
    expect(again.status).toBe('already-imported');
    if (again.status === 'already-imported')
      expect(again.previous).toMatchObject({
        importId: first.importId,
        datasetId: first.datasetId,
        datasetName: 'same',
      });
    expect(count(`SELECT count(*) n FROM "Import"`)).toBe(imports);
    // by id too, and a copy under another name is the same file
    const copy = path.join(dir, 'copy-of-same.jsonl');
    fs.copyFileSync(file, copy);
    expect((await importFile({ path: copy, datasetId: first.datasetId })).status).toBe('already-imported');
    // another dataset: not a no-op
    expect((await importFile({ path: file, datasetName: 'same-elsewhere' })).status).toBe('imported');
    const forced = imported(await importFile({ path: file, datasetName: 'same', force: true }));
    expect(forced.counts).toMatchObject({ read: 5, imported: 0, duplicates: 5 });
  });

  it('strict mode aborts at the first bad record with nothing stored', async () => {
    const before = {
      d: count(`SELECT count(*) n FROM "Dataset"`),
      i: count(`SELECT count(*) n FROM "Import"`),
      r: count(`SELECT count(*) n FROM "Rollout"`),
    };
    const file = writeJsonl(dir, 'strict.jsonl', [...nemoLines(1500, 200), bad[1], ...nemoLines(10, 2000)]);
    const e = await importError(importFile({ path: file, datasetName: 'strict-new', mode: 'strict' }));
    expect(e.code).toBe('strict_abort');
    expect(e.details.issue).toMatchObject({ record: 1500, line: 1501 });
    expect(count(`SELECT count(*) n FROM "Dataset"`)).toBe(before.d);
    expect(count(`SELECT count(*) n FROM "Import"`)).toBe(before.i);
    expect(count(`SELECT count(*) n FROM "Rollout"`)).toBe(before.r);
    expect(count(`SELECT count(*) n FROM "Dataset" WHERE name = 'strict-new'`)).toBe(0);
    // the same file in skip-bad mode lands
    const o = imported(await importFile({ path: file, datasetName: 'strict-new' }));
    expect(o.counts).toMatchObject({ read: 1511, imported: 1510, skipped: 1 });
  });

  it('strict mode lands a clean file', async () => {
    const file = writeJsonl(dir, 'clean.jsonl', nemoLines(20, 5000));
    expect(
      imported(await importFile({ path: file, datasetName: 'strict-clean', mode: 'strict' })).counts.imported,
    ).toBe(20);
  });

  it('reads gzip files', async () => {
    const file = writeJsonl(dir, 'zipped.jsonl.gz', [...nemoLines(30, 7000), bad[1]], { gzip: true });
    const o = imported(await importFile({ path: file, datasetName: 'zipped' }));
    expect(o.format).toBe('nemo-gym');
    expect(o.counts).toMatchObject({ read: 31, imported: 30, skipped: 1 });
  });

  it('an unrecognised format lists the formats tried, and stores nothing', async () => {
    const file = writeJsonl(dir, 'weird.jsonl', ['{"a": 1}', '{"a": 2}']);
    const e = await importError(importFile({ path: file, datasetName: 'weird' }));
    expect(e.code).toBe('unknown_format');
    expect(e.details.candidates!.length).toBeGreaterThan(3);
    expect(e.details.candidates![0]).toEqual({
      id: expect.any(String),
      score: expect.any(Number),
      reason: expect.any(String),
    });
    expect(count(`SELECT count(*) n FROM "Dataset" WHERE name = 'weird'`)).toBe(0);
  });

  it('a file with no readable record stores nothing', async () => {
    const file = writeJsonl(
      dir,
      'all-bad.jsonl',
      [nemoLine(1), bad[1]].map((l, i) => (i === 0 ? l.slice(0, 40) : l)),
    );
    const e = await importError(importFile({ path: file, datasetName: 'all-bad', format: 'nemo-gym' }));
    expect(e.code).toBe('no_rollouts');
    expect(e.details.issues).toHaveLength(2);
    expect(count(`SELECT count(*) n FROM "Dataset" WHERE name = 'all-bad'`)).toBe(0);
  });

  it('cancel rolls back', async () => {
    const file = writeJsonl(dir, 'cancel.jsonl', nemoLines(2500, 10_000));
    let batches = 0;
    const e = await importError(importFile({ path: file, datasetName: 'canceled', isCanceled: () => ++batches >= 2 }));
    expect(e.code).toBe('canceled');
    expect(count(`SELECT count(*) n FROM "Dataset" WHERE name = 'canceled'`)).toBe(0);
    expect(count(`SELECT count(*) n FROM "Rollout" WHERE sourceFile = 'cancel.jsonl'`)).toBe(0);
  });

  it('reports progress: bytes, records, rate', async () => {
    const file = writeJsonl(dir, 'progress.jsonl', nemoLines(2100, 20_000));
    const seen: { records: number; bytesDone: number; bytesTotal: number; phase: string }[] = [];
    imported(await importFile({ path: file, datasetName: 'progress', onProgress: (p) => seen.push(p) }));
    const importing = seen.filter((p) => p.phase === 'importing');
    expect(importing.length).toBeGreaterThanOrEqual(3);
    expect(importing.at(-1)).toMatchObject({
      records: 2100,
      bytesDone: fs.statSync(file).size,
      bytesTotal: fs.statSync(file).size,
    });
    expect(seen.some((p) => p.phase === 'hashing')).toBe(true);
  });
});

describe('the import job', () => {
  function upload(name: string, lines: string[]): string {
    const uploads = getEnv().uploadsDir;
    fs.mkdirSync(uploads, { recursive: true });
    const file = path.join(
      uploads,
      `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}-${name}`,
    );
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  it('imports, marks the job done with the result in the same transaction, and deletes the upload', async () => {
    const uploadPath = upload('job.jsonl', [...nemoLines(12, 30_000), bad[1]]);
    const job = await createJob({
      kind: 'import',
      payload: { uploadPath, fileName: 'job.jsonl', datasetName: 'from-job', mode: 'skip-bad' },
    });
    expect(await runJob(job.id)).toBe(0);
    const done = await getJob({ id: job.id });
    expect(done).toMatchObject({ status: 'done', progress: 1, error: null });
    expect(done!.result).toMatchObject({
      kind: 'imported',
      format: 'nemo-gym',
      counts: { read: 13, imported: 12, skipped: 1, duplicates: 0 },
    });
    const imp = await getImportByJob({ jobId: job.id });
    expect(imp).toMatchObject({ fileName: 'job.jsonl', datasetName: 'from-job', imported: 12 });
    expect((done!.result as { importId: number }).importId).toBe(imp!.id);
    expect(fs.existsSync(uploadPath)).toBe(false);
    // a job runs once
    expect(await runJob(job.id)).toBe(1);
  });

  it('records a failure with its code and keeps the upload for a re-run', async () => {
    const uploadPath = upload('strict-job.jsonl', [nemoLine(40_000), bad[1]]);
    const job = await createJob({
      kind: 'import',
      payload: { uploadPath, fileName: 'strict-job.jsonl', datasetName: 'strict-job', mode: 'strict' },
    });
    await runJob(job.id);
    const failed = await getJob({ id: job.id });
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('strict mode') });
    expect(failed!.result).toMatchObject({ kind: 'error', code: 'strict_abort', issue: { record: 1, line: 2 } });
    expect(fs.existsSync(uploadPath)).toBe(true);
    expect(count(`SELECT count(*) n FROM "Dataset" WHERE name = 'strict-job'`)).toBe(0);
  });

  it('answers "already imported" as a done job without importing', async () => {
    const lines = nemoLines(3, 50_000);
    const first = await createJob({
      kind: 'import',
      payload: { uploadPath: upload('a.jsonl', lines), fileName: 'a.jsonl', datasetName: 'twice', mode: 'skip-bad' },
    });
    await runJob(first.id);
    const second = await createJob({
      kind: 'import',
      payload: { uploadPath: upload('a.jsonl', lines), fileName: 'a.jsonl', datasetName: 'twice', mode: 'skip-bad' },
    });
    await runJob(second.id);
    expect((await getJob({ id: second.id }))!.result).toMatchObject({
      kind: 'already-imported',
      previous: { datasetName: 'twice' },
    });
    expect(await getImportByJob({ jobId: second.id })).toBeNull();
  });

  it('cancel: the job stops at its next batch, rolls back and says so', async () => {
    const uploadPath = upload('cancel-job.jsonl', nemoLines(1500, 60_000));
    const job = await createJob({
      kind: 'import',
      payload: { uploadPath, fileName: 'cancel-job.jsonl', datasetName: 'cancel-job', mode: 'skip-bad' },
    });
    requestCancel(job.id);
    await runJob(job.id);
    expect(await getJob({ id: job.id })).toMatchObject({
      status: 'canceled',
      result: { kind: 'error', code: 'canceled' },
    });
    expect(count(`SELECT count(*) n FROM "Dataset" WHERE name = 'cancel-job'`)).toBe(0);
    expect(fs.existsSync(cancelFlagPath(job.id))).toBe(false);
    expect(readProgress(job.id)).toMatchObject({ message: 'Canceled' });
  });
});
