/**
 * The exports page's server actions end to end: validation, a user name that tries to leave
 * data/exports, the job running in its own process, and a re-run from the manifest that must
 * reproduce every file byte for byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDb, getDb } from '@/lib/db/client';
import { getExport, type ExportRow } from '@/lib/db/exports';
import { createRecipe } from '@/lib/db/recipes';
import { getEnv, setEnv } from '@/lib/env';
import { isJobActive } from '@/lib/job-status';
import { parseManifest, verifyManifestFiles } from '@/lib/export';
import { setBind } from '@/lib/auth/bind';
import { makeDataset, rewardOf, tmpDir } from './export-fixtures';

vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));
// As the local owner: no accounts, a loopback server and Host (lib/auth; the role checks are test/auth's).
vi.mock('next/headers', () => ({ headers: async () => new Headers({ host: '127.0.0.1:3000' }) }));
const { deleteExportAction, previewExportAction, rerunExportAction, startExportAction } =
  await import('@/app/exports/actions');

const N = 120;
const exportsRoot = path.join(tmpDir(), 'exports');
let datasetId: number;

beforeAll(async () => {
  // Its own exports folder, also for the spawned job processes (they inherit process.env).
  process.env.SIFT_EXPORTS_DIR = exportsRoot;
  setEnv({ SIFT_EXPORTS_DIR: exportsRoot });
  setBind('127.0.0.1');
  getDb();
  datasetId = await makeDataset('export-actions', N);
});
afterAll(async () => {
  await closeDb();
  fs.rmSync(path.dirname(exportsRoot), { recursive: true, force: true });
});

async function settled(id: number, timeoutMs = 60_000): Promise<ExportRow> {
  const start = Date.now();
  for (;;) {
    const row = (await getExport({ id }))!;
    if (!isJobActive(row.status)) return row;
    if (Date.now() - start > timeoutMs) throw new Error(`export ${id} still ${row.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const form = {
  datasetId: 0,
  format: 'openai-chat' as const,
  source: { kind: 'quick' as const, minReward: 0.5, successOnly: false },
  split: { by: 'task' as const, ratio: 0.8, seed: 5 },
};

describe('export actions', () => {
  it('rejects invalid input with field errors and unknown recipes by code', async () => {
    const bad = await startExportAction({ ...form, datasetId, format: 'nope' as 'openai-chat' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
    const badRatio = await previewExportAction({ ...form, datasetId, split: { by: 'ratio', ratio: 2 } });
    expect(badRatio).toMatchObject({
      ok: false,
      error: { code: 'validation', fieldErrors: { 'split.ratio': expect.any(Array) } },
    });
    const missing = await previewExportAction({ ...form, datasetId, source: { kind: 'recipe', recipeId: 999_999 } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'recipe_not_found' } });
  });

  it('previews a saved recipe with the counts the export writes', async () => {
    const recipe = await createRecipe({ name: 'export-actions-high', body: { sft: { minReward: 0.8 } } });
    const r = await previewExportAction({ ...form, datasetId, source: { kind: 'recipe', recipeId: recipe.id } });
    const expected = Array.from({ length: N }, (_, i) => i).filter((i) => rewardOf(i) >= 0.8).length;
    expect(r).toMatchObject({ ok: true, data: { items: expected } });
  });

  it("starts a job, keeps '../x' inside data/exports, and a manifest re-run gives the same sha256", async () => {
    const started = await startExportAction({ ...form, datasetId, name: '../x' });
    if (!started.ok) throw new Error(started.error.message);
    const root = path.resolve(getEnv().exportsDir);
    const row = await settled(started.data.exportId);
    expect(row.status).toBe('done');
    expect(row.name).toBe('x');
    expect(row.dir).toBe(path.join(root, 'x'));
    expect(fs.existsSync(path.join(path.dirname(root), 'x'))).toBe(false);
    const manifest = parseManifest(JSON.stringify(row.manifest));
    expect(manifest.counts.written).toBe(60);

    const rerun = await rerunExportAction({ id: row.id, from: 'manifest' });
    if (!rerun.ok) throw new Error(rerun.error.message);
    const again = await settled(rerun.data.exportId);
    expect(again.status).toBe('done');
    expect(again.name).toBe('x-rerun');
    const checks = await verifyManifestFiles(again.dir, manifest);
    expect(checks.length).toBe(2);
    expect(checks.every((c) => c.ok)).toBe(true);

    expect(await deleteExportAction({ id: again.id })).toEqual({ ok: true, data: null });
    expect(fs.existsSync(again.dir)).toBe(false);
    expect(await getExport({ id: again.id })).toBeNull();
  });
});
