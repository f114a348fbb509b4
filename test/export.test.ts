/**
 * The export core against a fresh SQLite file: preview == export (checked against counts computed
 * by hand, not by lib/curation), OpenAI line checks, task splits that never leak, re-run from the
 * manifest byte for byte, and the export job's failure path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/lib/db/client';
import { getExport } from '@/lib/db/exports';
import { createJob, getJob } from '@/lib/db/jobs';
import { streamRollouts } from '@/lib/db/rollout-stream';
import { getEnv, setEnv } from '@/lib/env';
import { checkOpenAiChatLine, MANIFEST_NAME, parseManifest, verifyManifestFiles } from '@/lib/export';
import { AtomicFile } from '@/lib/export/atomic-file';
import { runExport } from '@/lib/jobs/export';
import { createExportRecord, previewExport } from '@/lib/jobs/export-job';
import { exportRequestSchema, requestFromManifest, type ExportRequestInput } from '@/lib/export/request';
import { runJob } from '@/lib/jobs/run-job';
import { expectedSamePromptPairs, makeDataset, PER_PROMPT, rewardOf, tmpDir } from './export-fixtures';

const N = 200;
let datasetId: number;
let work: string;

beforeAll(async () => {
  work = tmpDir();
  // Exports of this test file go to its own folder (the default, beside the temp DB, is shared /tmp/exports).
  setEnv({ SIFT_EXPORTS_DIR: path.join(work, 'exports') });
  getDb();
  datasetId = await makeDataset('export-core', N);
});
afterAll(async () => {
  await closeDb();
  fs.rmSync(work, { recursive: true, force: true });
});

const req = (over: Partial<ExportRequestInput>) =>
  exportRequestSchema.parse({
    datasetId,
    format: 'openai-chat',
    recipe: { sft: { minReward: 0.5 } },
    split: { by: 'task', ratio: 0.8, seed: 7 },
    name: 'core',
    ...over,
  });

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('streamRollouts', () => {
  it('yields rollouts in the order asked, in batches, skipping missing ids', async () => {
    const ids = (
      getDb().raw.prepare(`SELECT id FROM "Rollout" WHERE datasetId = ? ORDER BY id`).all(datasetId) as { id: number }[]
    ).map((r) => r.id);
    const wanted = [ids[5], ids[0], 99_999_999, ids[17]];
    const got: string[] = [];
    for await (const r of streamRollouts({ ids: wanted, batchSize: 2 })) got.push(r.externalId);
    expect(got).toHaveLength(3);
    const again = [];
    for await (const r of streamRollouts({ ids: Int32Array.from(ids), batchSize: 7 })) again.push(r);
    expect(again).toHaveLength(N);
    expect(again[3].reward).toBe(rewardOf(3));
    expect(again[3].messages.at(-1)?.content).toContain('rollout 3,');
  });
});

describe('preview == export', () => {
  it('SFT: reward >= 0.5 as openai-chat with a task split', async () => {
    const expected = Array.from({ length: N }, (_, i) => i).filter((i) => rewardOf(i) >= 0.5).length;
    expect(expected).toBe(100); // rewards cycle 0, .7, .4, .1, .8, .5, .2, .9, .6, .3
    const request = req({});
    const preview = await previewExport(request);
    expect(preview.items).toBe(expected);
    const dir = path.join(work, 'sft');
    const out = await runExport({ request, dir });
    expect(out.manifest.counts.written).toBe(expected);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual([MANIFEST_NAME, 'test.jsonl', 'train.jsonl']);
    const all = [...lines(path.join(dir, 'train.jsonl')), ...lines(path.join(dir, 'test.jsonl'))];
    expect(all).toHaveLength(expected);
    expect(out.manifest.counts.perSplit).toEqual(preview.perSplit);
    for (const l of all) expect(checkOpenAiChatLine(l)).toEqual([]);
    const manifest = parseManifest(fs.readFileSync(path.join(dir, MANIFEST_NAME), 'utf8'));
    expect(manifest.dataset).toEqual({ id: String(datasetId), name: 'export-core' });
    expect((await verifyManifestFiles(dir, manifest)).every((f) => f.ok)).toBe(true);
  });

  it('DPO: same-prompt pairs as dpo-pairs equal the hand-computed pairing', async () => {
    const expected = expectedSamePromptPairs(N, 0.2);
    expect(expected.length).toBeGreaterThan(50);
    const request = req({
      format: 'dpo-pairs',
      recipe: { dpo: { strategy: 'same-prompt', minGap: 0.2 } },
      split: { by: 'task', ratio: 1, seed: 0 },
    });
    const preview = await previewExport(request);
    expect(preview.items).toBe(expected.length);
    const dir = path.join(work, 'dpo');
    await runExport({ request, dir });
    const got = lines(path.join(dir, 'train.jsonl')).map(
      (l) =>
        JSON.parse(l) as {
          chosen: { id: string; reward: number };
          rejected: { id: string; reward: number };
          reward_gap: number;
        },
    );
    expect(got).toHaveLength(expected.length);
    // Same pairs (NeMo-Gym external ids carry the line index), in the same order.
    const idx = (id: string) => Number(/(\d+)$/.exec(id)![1]);
    expect(got.map((p) => [p.chosen.reward, p.rejected.reward])).toEqual(
      expected.map(([c, r]) => [rewardOf(c), rewardOf(r)]),
    );
    for (const p of got) expect(p.reward_gap).toBeGreaterThanOrEqual(0.2);
    expect(new Set(got.map((p) => idx(p.chosen.id))).size).toBe(new Set(expected.map(([c]) => c)).size);
  });

  it('KTO: desirable = passes the recipe, undesirable = only the reward threshold failed', async () => {
    const request = req({ format: 'kto', split: { by: 'ratio', ratio: 1 } });
    const preview = await previewExport(request);
    expect(preview.kto).toEqual({ desirable: 100, undesirable: 100 });
    const dir = path.join(work, 'kto');
    await runExport({ request, dir });
    const got = lines(path.join(dir, 'train.jsonl')).map((l) => JSON.parse(l) as { label: boolean });
    expect(got.filter((l) => l.label)).toHaveLength(100);
    expect(got.filter((l) => !l.label)).toHaveLength(100);
  });
});

describe('splits', () => {
  it('a task split never puts one task in two splits, and is deterministic', async () => {
    const request = req({
      format: 'rollouts-jsonl',
      recipe: { sft: { minReward: null } },
      split: { by: 'task', ratio: 0.5, seed: 3 },
    });
    const a = path.join(work, 'split-a');
    await runExport({ request, dir: a });
    const tasks = (f: string) =>
      new Set(lines(path.join(a, f)).map((l) => (JSON.parse(l) as { task_id: string }).task_id));
    const train = tasks('train.jsonl');
    const test = tasks('test.jsonl');
    expect(train.size).toBeGreaterThan(5);
    expect(test.size).toBeGreaterThan(5);
    expect(train.size + test.size).toBe(N / PER_PROMPT);
    for (const t of train) expect(test.has(t)).toBe(false);
    const b = path.join(work, 'split-b');
    await runExport({ request, dir: b });
    expect(fs.readFileSync(path.join(b, 'train.jsonl'))).toEqual(fs.readFileSync(path.join(a, 'train.jsonl')));
  });

  it('verl SFT defaults its held-out split to val', async () => {
    const request = req({ format: 'verl-sft-parquet', split: { by: 'ratio', ratio: 0.9, seed: 1 } });
    const dir = path.join(work, 'verl');
    const out = await runExport({ request, dir });
    expect(out.result.files.map((f) => f.name)).toEqual(['train.parquet', 'val.parquet']);
  });
});

describe('re-run from the manifest', () => {
  it('reproduces every file byte for byte (sha256)', async () => {
    const first = await runExport({
      request: req({ split: { by: 'ratio', ratio: 0.7, seed: 11, stratify: true } }),
      dir: path.join(work, 'first'),
    });
    const manifest = parseManifest(fs.readFileSync(first.manifestPath!, 'utf8'));
    const again = await runExport({ request: requestFromManifest(manifest, 'again'), dir: path.join(work, 'again') });
    expect(again.manifest.files.map((f) => [f.name, f.sha256])).toEqual(manifest.files.map((f) => [f.name, f.sha256]));
    expect((await verifyManifestFiles(path.join(work, 'again'), manifest)).map((f) => f.ok)).toEqual([true, true]);
  });
});

describe('the export job', () => {
  async function runExportJobFor(name: string) {
    const row = await createExportRecord(req({ name }));
    const job = await createJob({ kind: 'export', payload: { exportId: row.id } });
    expect(await runJob(job.id)).toBe(0);
    return { row: (await getExport({ id: row.id }))!, job: (await getJob({ id: job.id }))! };
  }

  it('writes under data/exports/<sanitised name> and is done only with its manifest', async () => {
    const { row, job } = await runExportJobFor('../../job run/..');
    expect(job.status).toBe('done');
    expect(row.status).toBe('done');
    expect(path.dirname(row.dir)).toBe(path.resolve(getEnv().exportsDir));
    expect(row.name).not.toContain('/');
    expect(parseManifest(JSON.stringify(row.manifest)).files.map((f) => f.name)).toEqual(['test.jsonl', 'train.jsonl']);
    expect(fs.existsSync(path.join(row.dir, MANIFEST_NAME))).toBe(true);
  });

  it('a write error leaves the export failed with no file listed or left behind', async () => {
    const blocker = path.join(work, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const before = getEnv();
    setEnv({ SIFT_DB: before.dbPath, SIFT_EXPORTS_DIR: path.join(blocker, 'exports') });
    try {
      const { row, job } = await runExportJobFor('doomed');
      expect(job.status).toBe('failed');
      expect(row.status).toBe('failed');
      expect(row.manifest).toBeNull();
      expect(row.error).toMatch(/Writing failed/);
    } finally {
      setEnv({ SIFT_DB: before.dbPath, SIFT_EXPORTS_DIR: before.exportsDir });
    }
  });

  it('a disk filling up half way removes the partial files and fails the export', async () => {
    const original = AtomicFile.prototype.write;
    let writes = 0;
    // The first file gets its bytes; the second write finds the disk full.
    AtomicFile.prototype.write = function (this: AtomicFile, chunk: string | Uint8Array) {
      if (++writes > 1) return Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      return original.call(this, chunk);
    };
    try {
      const { row, job } = await runExportJobFor('half-way');
      expect(job.status).toBe('failed');
      expect(row.status).toBe('failed');
      expect(row.error).toMatch(/disk is full/);
      expect(row.manifest).toBeNull();
      expect(fs.existsSync(row.dir) ? fs.readdirSync(row.dir) : []).toEqual([]);
      expect(writes).toBeGreaterThan(1);
    } finally {
      AtomicFile.prototype.write = original;
    }
  });
});
