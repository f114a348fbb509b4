import fs from 'node:fs';
import { test, expect } from '@playwright/test';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('analyse the sample dataset, download the figure, see trained spans in a conversation', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/datasets');
  await page.getByRole('link', { name: 'Sample: retail support agent' }).click();
  await page.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tokens' })).toBeVisible();

  const form = page.getByRole('form', { name: 'New token analysis' });
  await form.getByLabel('Tokenizer', { exact: true }).selectOption('qwen3');
  await form.getByLabel('Sample size').fill('12');
  await form.getByRole('button', { name: 'Analyse' }).click();
  await expect(page).toHaveURL(/\/tokens\?job=/);

  // Five charts, each drawn (an SVG inside its labelled image).
  const charts = [
    'Total tokens per example',
    'Trained tokens lost by max_length',
    'System tokens (preamble, system, tools)',
    'Assistant tokens per example',
    'Conversation tokens (total − system)',
  ];
  for (const name of charts) {
    await expect(page.getByRole('img', { name }).locator('svg').first()).toBeVisible({ timeout: 180_000 });
  }
  await expect(page.getByText('Rollouts analysed')).toBeVisible();
  await expect(page.getByTestId('recommended-max-length')).toHaveText(/^\d[\d,]*$/);
  // The page names the export whose conversations were counted.
  await expect(page.getByTestId('measured-shape')).toContainText('openai-chat');

  // Live: the figures recompute in the browser from the columns, without a new analysis.
  const live = page.getByRole('group', { name: 'Recompute' });
  const status = page.getByTestId('recompute-status');
  await expect(status).toHaveText(/Recomputed in the browser from 12 rollouts/, { timeout: 30_000 });
  const zero = page.getByTestId('zero-trained-count');
  const recommended = await page.getByTestId('recommended-max-length').textContent();
  await live.getByRole('spinbutton', { name: 'max_length' }).fill('10');
  await expect(zero).toHaveText('12'); // nothing trained survives a 10-token cut
  await expect(page.getByText('Zero trained tokens at 10')).toBeVisible();
  await live.getByRole('spinbutton', { name: 'max_length' }).fill('');
  await expect(page.getByTestId('recommended-max-length')).toHaveText(recommended!);
  await live.getByRole('radio', { name: 'last assistant turn' }).check();
  await expect(page.getByText(/trained \(last assistant turn\)/)).toBeVisible();
  const systemMean = () =>
    page
      .getByRole('region', { name: 'Summary statistics' })
      .getByRole('row', { name: /^system/ })
      .textContent();
  const withSystem = await systemMean();
  await live.getByLabel('Remove system prompt').check();
  await expect.poll(systemMean).not.toBe(withSystem);
  await expect(page.getByRole('region', { name: 'Truncation table' }).getByRole('row')).toHaveCount(21);

  // The five-panel figure and one chart as PNG files.
  for (const button of ['Download figure (PNG)', 'Download Total tokens per example as PNG']) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(bytes.length).toBeGreaterThan(1024);
  }

  // The conversation viewer's Tokens tab highlights trained spans and marks the cut.
  await page.goto('/datasets');
  await page.getByRole('link', { name: 'Sample: retail support agent' }).click();
  await page.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Rollouts' }).click();
  await page
    .getByRole('row', { name: /^Select rollout \d+/ })
    .first()
    .getByRole('link')
    .first()
    .click();
  await expect(page).toHaveURL(/\/rollouts\/\d+/);
  await page.getByRole('tab', { name: 'Tokens' }).click();
  const rendered = page.getByLabel('Rendered chat template');
  await expect(rendered).toBeVisible({ timeout: 60_000 });
  await expect(rendered).toContainText('<|im_start|>assistant');
  expect(await rendered.locator('mark').count()).toBeGreaterThan(0);

  await page.getByRole('textbox', { name: 'max_length' }).fill('700');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('separator', { name: 'max_length 700 cut' })).toBeVisible();
  await page.getByLabel('Last turn only').check();
  await expect(page.getByLabel('Last turn only')).toBeChecked();
  await expect(rendered.locator('mark')).toHaveCount(1);
});
