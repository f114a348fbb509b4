/**
 * The prompt boundary an importer decided (promptLength) survives the database: a KTO file whose
 * prompt spans several turns exports with that same prompt, not with the default boundary (the
 * messages before the first assistant turn).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/lib/db/client';
import { streamRollouts } from '@/lib/db/rollout-stream';
import { setEnv } from '@/lib/env';
import { runExport } from '@/lib/jobs/export';
import { exportRequestSchema } from '@/lib/export/request';
import { importFile } from '@/lib/jobs/import-file';
import { tmpDir } from './export-fixtures';

let work: string;
let datasetId: number;

const prompt = [
  { role: 'user', content: 'Book a table for two.' },
  { role: 'assistant', content: 'For which evening?' },
  { role: 'user', content: 'Friday, please.' },
];
const completion = [{ role: 'assistant', content: 'Booked for Friday at 7.' }];

beforeAll(async () => {
  work = tmpDir();
  setEnv({ SIFT_EXPORTS_DIR: path.join(work, 'exports') });
  getDb();
  const file = path.join(work, 'multi-turn.jsonl');
  fs.writeFileSync(file, [true, false].map((label) => JSON.stringify({ prompt, completion, label })).join('\n') + '\n');
  const out = await importFile({ path: file, datasetName: 'prompt-length', format: 'kto' });
  if (out.status !== 'imported') throw new Error('fixture import failed');
  datasetId = out.datasetId;
});
afterAll(async () => {
  await closeDb();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('promptLength', () => {
  it('is stored and read back', async () => {
    const ids = (
      getDb().raw.prepare(`SELECT id FROM "Rollout" WHERE datasetId = ? ORDER BY id`).all(datasetId) as { id: number }[]
    ).map((r) => r.id);
    const back = [];
    for await (const r of streamRollouts({ ids })) back.push(r.promptLength);
    expect(back).toEqual([3, 3]);
  });

  it('a KTO export keeps the imported multi-turn prompt', async () => {
    const request = exportRequestSchema.parse({
      datasetId,
      format: 'kto',
      recipe: { sft: { minReward: 0.5 } },
      split: { by: 'ratio', ratio: 1, seed: 1 },
      name: 'kto',
    });
    const out = await runExport({ request, dir: path.join(work, 'kto') });
    const lines = fs
      .readFileSync(out.result.files[0].path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { prompt, completion, label: true },
      { prompt, completion, label: false },
    ]);
  });
});
