/**
 * Large JSONL exports encode on worker threads (lib/jobs/export-workers.ts). They must write the
 * very bytes the one-thread path writes, and both must write the bytes of the general writer
 * (parsed rollouts through the format's line encoder, which openai-chat's stored-bytes path stands
 * in for): same files, rows, skips and sha256. Progress is counted in rollouts, and a rollout that
 * disappears mid-export fails the export cleanly.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurateModel } from '@/lib/db/curation-tokens';
import { closeDb, getDb } from '@/lib/db/client';
import { MissingRolloutError, streamRollouts } from '@/lib/db/rollout-stream';
import { jsonlWriter, lineEncoders } from '@/lib/export';
import { selectForExport } from '@/lib/export/select';
import { setEnv } from '@/lib/env';
import { runExport } from '@/lib/jobs/export';
import { exportRequestSchema, type ExportRequestInput } from '@/lib/export/request';
import { ENCODE_BATCH } from '@/lib/jobs/encode-stored';
import { EncodeWorkers, PARALLEL_MIN_ROLLOUTS } from '@/lib/jobs/export-workers';
import { makeDataset, tmpDir } from './export-fixtures';

// Just over the threshold, with a partial last batch.
const N = PARALLEL_MIN_ROLLOUTS + ENCODE_BATCH / 2 + 3;
let datasetId: number;
let work: string;

const withWorkers = (n: number) =>
  setEnv({ SIFT_EXPORTS_DIR: path.join(work, 'exports'), SIFT_EXPORT_WORKERS: String(n) });

beforeAll(async () => {
  work = tmpDir();
  withWorkers(2);
  getDb();
  datasetId = await makeDataset('export-workers', N);
}, 120_000);
afterAll(async () => {
  await closeDb();
  fs.rmSync(work, { recursive: true, force: true });
});

const req = (over: Partial<ExportRequestInput>) =>
  exportRequestSchema.parse({
    datasetId,
    format: 'openai-chat',
    recipe: { sft: { minReward: 0 } },
    split: { by: 'task', ratio: 0.8, seed: 3 },
    name: 'w',
    ...over,
  });

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function exportWith(workers: number, over: Partial<ExportRequestInput>, name: string) {
  withWorkers(workers);
  const progress: number[] = [];
  const out = await runExport({
    request: req(over),
    dir: path.join(work, name),
    createdAt: '2026-01-01T00:00:00.000Z',
    onProgress: (p) => progress.push(p.records),
  });
  const files = out.result.files.map((f) => ({
    name: f.name,
    rows: f.rows,
    bytes: f.bytes,
    sha256: f.sha256,
    onDisk: digest(f.path),
  }));
  return { out, files, progress };
}

/** The same export through the general writer: parsed rollouts, one at a time, on this thread. */
async function generalExport(over: Partial<ExportRequestInput>, name: string) {
  const request = req(over);
  const { model, rowIds } = await loadCurateModel({ datasetId });
  const sel = selectForExport(model, request);
  async function* items() {
    let k = 0;
    for await (const rollout of streamRollouts({ ids: sel.rows.map((r) => rowIds[r]), missing: 'throw' })) {
      yield { rollout, split: sel.splitNames[sel.itemSplit[k]], label: sel.labels ? sel.labels[k] === 1 : true };
      k++;
    }
  }
  const { ktoLabel: _ktoLabel, ...options } = request.options;
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  const result = await jsonlWriter(lineEncoders[request.format as keyof typeof lineEncoders])({
    items: items(),
    dir,
    options,
  });
  return {
    result,
    files: result.files.map((f) => ({
      name: f.name,
      rows: f.rows,
      bytes: f.bytes,
      sha256: f.sha256,
      onDisk: digest(f.path),
    })),
  };
}

describe('exports encoded on worker threads', () => {
  it.each<[ExportRequestInput['format'], Partial<ExportRequestInput>]>([
    ['openai-chat', {}],
    ['rollouts-jsonl', {}],
    ['kto', { split: { by: 'ratio', ratio: 0.9, seed: 5 } }],
  ])(
    '%s: the same bytes as the sequential writer',
    async (format, over) => {
      const seq = await exportWith(1, { format, ...over }, `${format}-seq`);
      const par = await exportWith(2, { format, ...over }, `${format}-par`);
      const general = await generalExport({ format, ...over }, `${format}-general`);
      expect(seq.files).toEqual(general.files);
      expect(seq.out.result.counts).toEqual(general.result.counts);
      expect(seq.out.workers).toBe(0);
      expect(par.out.workers).toBe(2);
      expect(par.files.length).toBe(2); // both splits
      expect(par.files).toEqual(seq.files);
      for (const f of par.files) expect(f.onDisk).toBe(f.sha256);
      expect(par.out.result.counts).toEqual(seq.out.result.counts);
      expect(par.out.result.counts.items).toBe(N);
      expect(par.files.reduce((s, f) => s + f.rows, 0)).toBe(par.out.result.counts.written);
      // progress is counted in rollouts and ends at the total
      expect(par.progress.at(-1)).toBe(N);
      expect(par.progress.every((p, i) => i === 0 || p >= par.progress[i - 1])).toBe(true);
      expect(fs.readdirSync(path.join(work, `${format}-par`)).some((f) => f.endsWith('.partial'))).toBe(false);
    },
    120_000,
  );

  it('a rollout deleted meanwhile fails the encoding with MissingRolloutError, before any batch past it', async () => {
    const ids = (
      getDb().raw.prepare(`SELECT id FROM "Rollout" WHERE datasetId = ? ORDER BY id LIMIT 2500`).all(datasetId) as {
        id: number;
      }[]
    ).map((r) => r.id);
    ids[2100] = 2 ** 30; // no such rollout, in the third batch
    const batches = EncodeWorkers.start({ dbPath: getDb().path, format: 'openai-chat', options: {} }, 2).encode({
      ids: Int32Array.from(ids),
      splitOf: () => 'train',
      labels: null,
    });
    let seen = 0;
    await expect(
      (async () => {
        for await (const b of batches) seen += b.items;
      })(),
    ).rejects.toBeInstanceOf(MissingRolloutError);
    expect(seen).toBeLessThanOrEqual(2 * ENCODE_BATCH);
  }, 60_000);
});
