import { test, expect, type Page } from '@playwright/test';

async function openSampleTable(page: Page) {
  await page.goto('/datasets');
  await page.getByRole('link', { name: 'Sample: retail support agent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sample: retail support agent' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Rollouts' }).click();
  await expect(page.getByRole('table', { name: 'Rollouts' })).toBeVisible();
}

const rows = (page: Page) => page.getByRole('table', { name: 'Rollouts' }).locator('tbody tr[data-index]');

test('overview shows database figures and links to the table', async ({ page }) => {
  await page.goto('/datasets');
  await page.getByRole('link', { name: 'Sample: retail support agent' }).click();
  const stats = page.locator('dl').first();
  await expect(stats).toContainText('300');
  await expect(stats).toContainText('60');
  await expect(page.getByRole('img', { name: /Reward histogram/ })).toBeVisible();
  for (const m of ['db_match', 'action_recall', 'communicate'])
    await expect(page.getByRole('link', { name: m })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Import history' })).toBeVisible();
  await expect(page.getByText('sample-retail.generated')).toBeVisible();
});

test('filter, sort, search, open a row, and restore the view from the URL', async ({ page }) => {
  await openSampleTable(page);
  await expect(page.getByText('1–50 of 300')).toBeVisible();

  // Filter: reward ≥ 1 and one task.
  await page.getByLabel('Reward min').fill('1');
  await page.getByRole('combobox', { name: 'Task' }).fill('retail_003');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/reward=1\.\./);
  await expect(page).toHaveURL(/task=retail_003/);
  const n = await rows(page).count();
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThanOrEqual(5);
  for (let i = 0; i < n; i++) await expect(rows(page).nth(i)).toContainText('retail_003');

  // Clear the task, keep reward ≥ 1, then sort by trial descending.
  await page.getByRole('combobox', { name: 'Task' }).fill('');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).not.toHaveURL(/task=/);
  await page.getByRole('columnheader', { name: /Turns/ }).getByRole('button').click();
  await expect(page).toHaveURL(/sort=-turns/);
  await expect(page.getByRole('columnheader', { name: /Turns/ })).toHaveAttribute('aria-sort', 'descending');
  const turns = await rows(page).evaluateAll((trs) =>
    trs.map((tr) => Number((tr.querySelector('td[data-col="turns"]') as HTMLElement).innerText)),
  );
  expect(turns).toEqual([...turns].sort((a, b) => b - a));

  // Search a word: matches are highlighted in the Match column.
  await page.getByRole('searchbox', { name: 'Search messages' }).fill('refund');
  await page.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
  await expect(page).toHaveURL(/q=refund/);
  await expect(page.getByRole('columnheader', { name: 'Match', exact: true })).toBeVisible();
  await expect(rows(page).first().locator('mark').first()).toHaveText(/refund/i);
  const filteredUrl = page.url();

  // Open a row: the viewer URL carries the same query.
  const firstId = (await rows(page).first().getByRole('link').first().innerText()).trim();
  await rows(page).first().getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/rollouts/${firstId}\\?.*q=refund`));
  expect(page.url()).toContain('reward=1..');

  // Come back via the URL: the same filter, sort and search are applied.
  await page.goto(filteredUrl);
  await expect(page.getByLabel('Reward min')).toHaveValue('1');
  await expect(page.getByRole('searchbox', { name: 'Search messages' })).toHaveValue('refund');
  await expect(page.getByRole('columnheader', { name: /Turns/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows(page).first().getByRole('link').first()).toHaveText(firstId);
});

test('keyboard: j/k move the selection, Enter opens, / focuses search', async ({ page }) => {
  await openSampleTable(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await expect(rows(page).nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(rows(page).nth(2)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('k');
  await expect(rows(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  const id = (await rows(page).nth(1).getByRole('link').first().innerText()).trim();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/rollouts/${id}(\\?|$)`));
  await page.goBack();
  await expect(page.getByRole('table', { name: 'Rollouts' })).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search messages' })).toBeFocused();
});

test('two ticked rows enable Compare with both ids and the query', async ({ page }) => {
  await openSampleTable(page);
  await expect(page.getByRole('button', { name: 'Compare' })).toBeDisabled();
  const a = (await rows(page).nth(0).getByRole('link').first().innerText()).trim();
  const b = (await rows(page).nth(3).getByRole('link').first().innerText()).trim();
  await page.getByRole('checkbox', { name: `Select rollout ${a}`, exact: true }).check();
  await page.getByRole('checkbox', { name: `Select rollout ${b}`, exact: true }).check();
  await expect(page.getByRole('link', { name: 'Compare 2 rollouts' })).toHaveAttribute(
    'href',
    `/compare?a=${a}&b=${b}`,
  );
});

test('task view flags groups and links to their rollouts', async ({ page }) => {
  await page.goto('/datasets');
  await page.getByRole('link', { name: 'Sample: retail support agent' }).click();
  await page.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Tasks' }).click();
  const table = page.getByRole('table', { name: 'Tasks' });
  await expect(table.locator('tbody tr')).toHaveCount(60);
  await table.getByRole('link', { name: 'Std' }).click();
  await expect(page).toHaveURL(/sort=-std/);
  await table.getByRole('link', { name: 'retail_000' }).click();
  await expect(page).toHaveURL(/rollouts\?task=retail_000/);
  await expect(rows(page)).toHaveCount(5);
});
