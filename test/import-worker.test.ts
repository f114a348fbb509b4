/**
 * Large files are parsed in a worker thread (lib/jobs/parse-in-worker.ts). The worker path must
 * store exactly what the in-process path stores, and report the same issues.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { importFile } from '@/lib/jobs/import-file';
import { WORKER_MIN_BYTES } from '@/lib/jobs/parse-in-worker';

function bigNemoFile(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sift-worker-')), 'big.jsonl');
  const filler = 'lorem ipsum dolor sit amet '.repeat(80);
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < WORKER_MIN_BYTES * 1.2; i++) {
    const line =
      i === 777
        ? '{"responses_create_params": {"input": "broken", "reward": '
        : JSON.stringify({
            responses_create_params: { input: [{ role: 'user', content: `Question ${i % 500}: ${filler}` }] },
            response: {
              output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Answer ${i}` }] }],
            },
            reward: (i % 10) / 10,
            task_index: i % 500,
          });
    lines.push(line);
    bytes += line.length + 1;
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function snapshot(datasetId: number) {
  return getDb()
    .raw.prepare(
      `SELECT r.externalId, r.taskId, r.reward, r.promptKey, r.contentHash, r.sourceLine, b.messages FROM "Rollout" r JOIN "RolloutBody" b ON b.rolloutId = r.id WHERE r.datasetId = ? ORDER BY r.id`,
    )
    .all(datasetId);
}

describe('parsing large files in a worker thread', () => {
  it('stores the same rows and reports the same issues as parsing in-process', async () => {
    const file = bigNemoFile();
    expect(fs.statSync(file).size).toBeGreaterThan(WORKER_MIN_BYTES);
    const viaWorker = await importFile({ path: file, datasetName: 'worker-path' });
    const inProcess = await importFile({ path: file, datasetName: 'in-process', inProcess: true });
    if (viaWorker.status !== 'imported' || inProcess.status !== 'imported') throw new Error('both imports must land');
    expect(viaWorker.counts).toEqual(inProcess.counts);
    expect(viaWorker.counts.skipped).toBe(1);
    expect(viaWorker.issues).toEqual(inProcess.issues);
    expect(viaWorker.issues[0]).toMatchObject({ record: 777, line: 778 });
    const a = snapshot(viaWorker.datasetId);
    expect(a.length).toBe(viaWorker.counts.imported);
    expect(a).toEqual(snapshot(inProcess.datasetId));
  }, 120_000);

  it('strict mode aborts from the worker path and stores nothing', async () => {
    const file = bigNemoFile();
    await expect(importFile({ path: file, datasetName: 'worker-strict', mode: 'strict' })).rejects.toMatchObject({
      code: 'strict_abort',
    });
    const row = getDb().raw.prepare(`SELECT count(*) AS n FROM "Dataset" WHERE name = 'worker-strict'`).get() as {
      n: number;
    };
    expect(row.n).toBe(0);
  }, 120_000);
});
