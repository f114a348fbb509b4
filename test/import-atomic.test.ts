/**
 * Atomicity under kill -9: an import killed mid-transaction leaves no dataset, Import row or rollout
 * behind, and simply running it again succeeds. Once through the CLI (in-process import), once
 * through the job path the app uses (spawned job process).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { isJobActive } from '@/lib/job-status';
import { readProgress } from '@/lib/jobs/progress';
import { getJobView, startJob } from '@/lib/jobs/spawn';
import { tmpDir, writeLargeNemo } from './import-fixtures';

const LINES = 30_000;
let dir: string;
let big: string;

beforeAll(() => {
  dir = tmpDir('sift-atomic-');
  big = path.join(dir, 'big.jsonl');
  writeLargeNemo(big, LINES);
});
afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function countsFor(dbPath: string, datasetName: string) {
  // a fresh connection, as a new process would open it (uncommitted WAL frames are ignored)
  const { raw } = getDb();
  expect(raw.name).toBe(dbPath);
  const q = (sql: string, ...args: unknown[]) => (raw.prepare(sql).get(...args) as { n: number }).n;
  return {
    datasets: q(`SELECT count(*) n FROM "Dataset" WHERE name = ?`, datasetName),
    imports: q(
      `SELECT count(*) n FROM "Import" i JOIN "Dataset" d ON d.id = i.datasetId WHERE d.name = ?`,
      datasetName,
    ),
    rollouts: q(`SELECT count(*) n FROM "Rollout" WHERE sourceFile = 'big.jsonl'`),
  };
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('kill -9 during an import', { timeout: 300_000 }, () => {
  it('CLI: leaves nothing behind, and a re-run succeeds', async () => {
    const dbPath = getEnv().dbPath;
    getDb(); // migrate now, so the child's WAL growth is the import itself
    await closeDb();
    const wal = `${dbPath}-wal`;
    const walBefore = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
    const child = spawn(process.execPath, ['bin/sift.mjs', '--db', dbPath, 'import', '--dataset', 'big', big], {
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // rows are being written inside the open transaction once the WAL grows by several MB
    await waitFor(
      () => fs.existsSync(wal) && fs.statSync(wal).size > walBefore + 8 * 2 ** 20,
      120_000,
      'the import to write rows',
    );
    child.kill('SIGKILL');
    expect(await exited).toBeNull();

    expect(countsFor(dbPath, 'big')).toEqual({ datasets: 0, imports: 0, rollouts: 0 });
    await closeDb();

    const rerun = spawnSync(
      process.execPath,
      ['bin/sift.mjs', '--db', dbPath, 'import', '--json', '--dataset', 'big', big],
      { encoding: 'utf8' },
    );
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout).files[0]).toMatchObject({
      status: 'imported',
      read: LINES,
      imported: LINES,
      skipped: 0,
      duplicates: 0,
    });
    expect(countsFor(dbPath, 'big')).toEqual({ datasets: 1, imports: 1, rollouts: LINES });
    await closeDb();
  });

  it('job: the killed job is reported as interrupted, nothing is stored, and it can run again', async () => {
    const name = 'big-job';
    const upload = path.join(getEnv().uploadsDir, 'big-job.jsonl');
    fs.mkdirSync(path.dirname(upload), { recursive: true });
    fs.copyFileSync(big, upload);
    const payload = { uploadPath: upload, fileName: 'big.jsonl', datasetName: name, mode: 'skip-bad' };
    const job = await startJob({ kind: 'import', payload });
    await waitFor(() => (readProgress(job.id)?.records ?? 0) > 0, 120_000, 'the job to report records');
    process.kill(job.pid!, 'SIGKILL');
    await waitFor(
      () => {
        try {
          process.kill(job.pid!, 0);
          return false;
        } catch {
          return true;
        }
      },
      10_000,
      'the job process to die',
    );
    await sleep(50);

    const view = await getJobView(job.id);
    expect(view).toMatchObject({ status: 'failed', error: expect.stringMatching(/run it again/) });
    const q = (sql: string) => (getDb().raw.prepare(sql).get(name) as { n: number }).n;
    expect(q(`SELECT count(*) n FROM "Dataset" WHERE name = ?`)).toBe(0);
    expect(
      q(
        `SELECT count(*) n FROM "Import" WHERE fileName = 'big.jsonl' AND datasetId IN (SELECT id FROM "Dataset" WHERE name = ?)`,
      ),
    ).toBe(0);
    expect(fs.existsSync(upload)).toBe(true); // kept for the re-run

    const again = await startJob({ kind: 'import', payload });
    await waitFor(
      () => {
        const s = getDb().raw.prepare(`SELECT status FROM "Job" WHERE id = ?`).get(again.id) as { status: string };
        return !isJobActive(s.status);
      },
      180_000,
      'the re-run to finish',
    );
    const done = await getJobView(again.id);
    expect(done).toMatchObject({
      status: 'done',
      result: { kind: 'imported', counts: { read: LINES, imported: LINES } },
    });
    expect(q(`SELECT count(*) n FROM "Rollout" r JOIN "Dataset" d ON d.id = r.datasetId WHERE d.name = ?`)).toBe(LINES);
  });
});
