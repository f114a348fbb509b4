/**
 * Export journey: pick min reward 1 on the sample dataset → export openai-chat with a task split →
 * watch the job → download train.jsonl and check it byte for byte against what the database holds
 * (count = preview count, each line parses, the first line is the expected rollout) → download
 * manifest.json and check its counts and the downloaded file's sha256.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Download } from '@playwright/test';

const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data');

interface Expected {
  datasetId: number;
  sqlCount: number;
  perSplit: Record<string, number>;
  files: Record<string, string>;
  firstTrain: { externalId: string; messages: { role: string; content: unknown }[] } | null;
}

function expected(): Expected {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'e2e/fixtures/export-expected.ts'], {
    env: {
      ...process.env,
      SIFT_DB: path.join(dataDir, 'sift.db'),
      SIFT_ROOT: process.cwd(),
      MIN_REWARD: '1',
      SPLIT_SEED: '0',
      TRAIN_SHARE: '0.8',
    },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Expected;
}

async function read(download: Download): Promise<Buffer> {
  return fs.readFileSync((await download.path())!);
}

test('export openai-chat with a task split, download it and check it against the database', async ({ page }) => {
  test.setTimeout(120_000);
  const want = expected();
  expect(want.sqlCount).toBeGreaterThan(5);
  expect(Object.keys(want.files).sort()).toEqual(['test.jsonl', 'train.jsonl']);

  await page.goto(`/exports?dataset=${want.datasetId}`);
  const form = page.getByRole('form', { name: 'New export' });
  await form.getByLabel('Format').selectOption('openai-chat');
  await form.getByRole('radio', { name: 'Quick filters' }).check();
  await form.getByLabel('Min reward').fill('1');
  await form.getByLabel('Split by').selectOption('task');
  await form.getByLabel('Train share').fill('0.8');
  await form.getByLabel('Seed', { exact: true }).fill('0');
  await form.getByLabel('Export name').fill('e2e openai/../chat');

  // The preview is computed with the export's own selection; it must match a plain SQL count.
  const preview = page.getByRole('status', { name: 'Export preview' });
  await expect(preview.getByTestId('preview-items')).toHaveText(want.sqlCount.toLocaleString('en-US'));
  await expect(preview).toContainText(`train ${want.perSplit.train.toLocaleString('en-US')}`);

  await form.getByRole('button', { name: 'Start export' }).click();
  await expect(form.getByText('Started export "e2e openai-.-chat".')).toBeVisible();
  const card = page.getByRole('listitem', { name: 'Export e2e openai-.-chat' });
  await expect(card).toBeVisible();
  // Watch it run: a progress bar while queued/running, then "done" without a reload.
  const progress = card.getByRole('progressbar', { name: 'Export progress' });
  const done = card.getByText('done', { exact: true });
  await expect(progress.or(done).first()).toBeVisible();
  await expect(done).toBeVisible({ timeout: 90_000 });

  const [trainDownload] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('link', { name: 'train.jsonl' }).click(),
  ]);
  expect(trainDownload.suggestedFilename()).toBe('train.jsonl');
  const train = await read(trainDownload);
  expect(train.toString('utf8')).toBe(want.files['train.jsonl']);
  const lines = train.toString('utf8').split('\n').filter(Boolean);
  expect(lines.length).toBe(want.perSplit.train);
  const parsed = lines.map((l) => JSON.parse(l) as { messages: { role: string; content: unknown }[] });
  const first = parsed[0].messages;
  const source = want.firstTrain!.messages;
  expect(first[0]).toEqual({ role: source[0].role, content: source[0].content });
  // The export ends at the last assistant turn: the user turns up to it, in order, are the source's.
  const lastAssistant = source.map((m) => m.role).lastIndexOf('assistant');
  expect(first.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(
    source
      .slice(0, lastAssistant + 1)
      .filter((m) => m.role === 'user')
      .map((m) => m.content),
  );
  expect(first.at(-1)!.role).toBe('assistant');

  await card.getByText('View manifest', { exact: true }).click();
  await expect(card.getByText('"siftVersion"')).toBeVisible();
  const [manifestDownload] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('link', { name: 'Download manifest.json' }).click(),
  ]);
  const manifest = JSON.parse((await read(manifestDownload)).toString('utf8')) as {
    counts: { written: number; perSplit: Record<string, number>; perFile: Record<string, number> };
    files: { name: string; sha256: string; rows: number; bytes: number }[];
  };
  expect(manifest.counts.written).toBe(want.sqlCount);
  expect(manifest.counts.perSplit).toEqual(want.perSplit);
  expect(manifest.counts.perFile['train.jsonl']).toBe(lines.length);
  const entry = manifest.files.find((f) => f.name === 'train.jsonl')!;
  expect(entry.bytes).toBe(train.length);
  expect(entry.sha256).toBe(crypto.createHash('sha256').update(train).digest('hex'));

  // A name outside the manifest is refused, whatever it points at.
  const href = (await card.getByRole('link', { name: 'train.jsonl' }).getAttribute('href'))!;
  expect((await page.request.get(href)).status()).toBe(200);
  const res = await page.request.get(href.replace(/train\.jsonl$/, encodeURIComponent('../../sift.db')));
  expect(res.status()).toBe(404);
});
