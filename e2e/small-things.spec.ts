/**
 * The small things that make a tool feel careless (issue 15 §6), and the defaults the exports page
 * shares with the CLI (§4), each as a user meets them: a search that is too long, a page past the
 * end, numbers that are not numbers, the export name that will be saved, a DPO gap of 0, a split
 * rule the data cannot follow, two meanings of "all pass", two Reward columns, a 7k-character meta
 * value, an unlabelled Δ, the held-out split's name and verl's data_source.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';

const SAMPLE = 'Sample: retail support agent';
const TAU2 = 'E2E: tau2 airline';
const NO_TASKS = 'E2E: no task ids';
const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data');
const LONG_POLICY = `# Airline agent policy\n\n${'Be helpful and follow the rules of the airline. '.repeat(140)}`;

/** Imports a file into the running server's database with the CLI (a second writer is fine: WAL). */
function importWithCli(dataset: string, file: string): void {
  execFileSync(
    process.execPath,
    ['bin/sift.mjs', '--db', path.join(dataDir, 'sift.db'), 'import', '--dataset', dataset, file],
    { env: { ...process.env, SIFT_DB: undefined, SIFT_ROOT: process.cwd() }, encoding: 'utf8' },
  );
}

test.beforeAll(() => {
  // tau2 results whose policy (the agent's system prompt, kept in meta) is ~7k characters long.
  const doc = JSON.parse(fs.readFileSync('test/fixtures/tau2/results-mini.json', 'utf8')) as {
    info: { environment_info: { policy: string } };
  };
  doc.info.environment_info.policy = LONG_POLICY;
  const tau2 = path.join(dataDir, 'tau2-long-policy.json');
  fs.writeFileSync(tau2, JSON.stringify(doc));
  importWithCli(TAU2, tau2);
  importWithCli(NO_TASKS, 'test/fixtures/hh-rlhf/pairs.jsonl');
});

async function datasetId(page: Page, name: string): Promise<number> {
  await page.goto('/datasets');
  const href = await page.getByRole('link', { name, exact: true }).first().getAttribute('href');
  return Number(/\/datasets\/(\d+)/.exec(href!)![1]);
}

/** Picks the dataset option whose label starts with `name` (labels end with the rollout count). */
async function pickDataset(form: Locator, name: string): Promise<void> {
  const select = form.getByLabel('Dataset');
  const value = await select.locator('option', { hasText: name }).getAttribute('value');
  await select.selectOption(value!);
}

const rows = (page: Page) => page.getByRole('table', { name: 'Rollouts' }).locator('tbody tr[data-index]');

test('a search longer than 500 characters says it is too long instead of showing everything', async ({ page }) => {
  const id = await datasetId(page, SAMPLE);
  const long = 'refund '.repeat(100).trim(); // 699 characters
  await page.goto(`/datasets/${id}/rollouts?q=${encodeURIComponent(long)}`);
  await expect(page.getByRole('alert').filter({ hasText: 'The search was not run' })).toContainText(
    `it is ${long.length} characters long and a search can be at most 500`,
  );
  // The text is back in the box to shorten, and Apply refuses it with the reason.
  const box = page.getByRole('searchbox', { name: 'Search messages' });
  await expect(box).toHaveValue(long);
  const problems = page.getByRole('alert', { name: 'Filter problems' });
  await expect(problems).toContainText(`Search: too long (${long.length} characters; at most 500)`);
  await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await box.fill('refund');
  await expect(problems).toBeHidden();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/q=refund$/);
});

test('?page=999 goes to the last page', async ({ page }) => {
  const id = await datasetId(page, SAMPLE);
  await page.goto(`/datasets/${id}/rollouts?page=999`);
  await expect(page).toHaveURL(new RegExp(`/datasets/${id}/rollouts\\?page=6$`));
  await expect(page.getByText('251–300 of 300')).toBeVisible();
  await expect(page.getByText('Page 6 of 6')).toBeVisible();
  await expect(rows(page).first()).toBeVisible();
  await expect(page.getByText('This dataset has no rollouts.')).toBeHidden();

  await page.goto(`/datasets/${id}/tasks?page=999`);
  await expect(page).toHaveURL(new RegExp(`/datasets/${id}/tasks$`));
  await expect(page.getByRole('table', { name: 'Tasks' }).locator('tbody tr')).toHaveCount(60);
});

test('numeric inputs say what is wrong with what was typed', async ({ page }) => {
  const id = await datasetId(page, SAMPLE);
  await page.goto(`/datasets/${id}/rollouts`);
  const problems = page.getByRole('alert', { name: 'Filter problems' });
  await page.getByLabel('Reward min').fill('abc');
  await expect(problems).toContainText('Reward min: "abc" is not a number');
  await expect(page.getByLabel('Reward min')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await page.getByLabel('Reward min').fill('0.5');
  await page.getByLabel('Turns min').fill('1.5');
  await expect(problems).toContainText('Turns min: must be a whole number');
  await page.getByLabel('Turns min').fill('9');
  await page.getByLabel('Turns max').fill('2');
  await expect(problems).toContainText('Turns: min 9 is above max 2');
  await page.getByLabel('Turns max').fill('');
  await expect(problems).toBeHidden();

  await page.goto('/exports');
  const form = page.getByRole('form', { name: 'New export' });
  await form.getByLabel('Train share').fill('1.5');
  await expect(form.getByRole('alert').filter({ hasText: 'must be at most 1' })).toBeVisible();
  await form.getByLabel('Seed', { exact: true }).fill('x');
  await expect(form.getByRole('alert').filter({ hasText: '"x" is not a number' })).toBeVisible();
  await expect(form.getByRole('button', { name: 'Start export' })).toBeDisabled();
  await expect(page.getByText('Fix the fields marked in red')).toBeVisible();
  await form.getByRole('radio', { name: 'Quick filters' }).check();
  await form.getByLabel('Min reward').fill('high');
  await expect(form.getByRole('alert').filter({ hasText: '"high" is not a number' })).toBeVisible();

  await page.goto(`/datasets/${id}/curate`);
  await page.getByRole('tab', { name: /DPO/ }).click();
  await page.getByRole('spinbutton', { name: 'Seed' }).fill('1.5');
  await expect(page.getByRole('alert').filter({ hasText: 'must be a whole number' })).toBeVisible();
});

test('the export name field shows the name the export will be saved under', async ({ page }) => {
  await page.goto('/exports');
  const form = page.getByRole('form', { name: 'New export' });
  const name = form.getByLabel('Export name');
  // The sample's name has a colon, which a folder name cannot keep.
  await expect(name).toHaveAttribute('placeholder', 'Sample- retail support agent-openai-chat');
  await name.fill('run: v2');
  await expect(form.getByText('Will be saved as run- v2')).toBeVisible();
});

test('DPO with min gap 0 says a pair needs a positive gap', async ({ page }) => {
  const id = await datasetId(page, SAMPLE);
  await page.goto(`/datasets/${id}/curate`);
  await page.getByRole('tab', { name: /DPO/ }).click();
  const note = page.getByRole('note').filter({ hasText: 'A pair needs a positive gap' });
  await expect(note).toBeHidden();
  await page.getByRole('spinbutton', { name: 'Min gap value' }).fill('0');
  await expect(note).toContainText('rollouts with equal rewards are never paired');
});

test('split by task id is offered only for data with task ids; the held-out split is named with the reason', async ({
  page,
}) => {
  await page.goto('/exports');
  const form = page.getByRole('form', { name: 'New export' });
  const splitBy = form.getByLabel('Split by');
  // The sample has task ids: split by task, the default the CLI uses too.
  await expect(splitBy).toHaveValue('task');
  await expect(form.getByTestId('held-out')).toContainText(
    "The held-out split is called test: TRL's scripts read dataset_test_split",
  );
  await form.getByLabel('Format').selectOption('verl-rl-parquet');
  await expect(form.getByTestId('held-out')).toContainText(
    'The held-out split is called val: verl trainers read data.train_files and data.val_files',
  );

  await pickDataset(form, NO_TASKS);
  await expect(splitBy).toHaveValue('prompt');
  await expect(splitBy.locator('option[value="task"]')).toBeDisabled();
  await expect(splitBy.locator('option[value="task"]')).toHaveText('By task id (no task ids)');
  await expect(form.getByText('This dataset has no task ids, so there are no tasks to keep apart.')).toBeVisible();
});

test('"All pass" means one thing per page: tasks whose every trial passed, groups all at the max reward', async ({
  page,
}) => {
  const id = await datasetId(page, SAMPLE);
  await page.goto(`/datasets/${id}/tasks`);
  await expect(page.getByText('tasks where every trial succeeded')).toBeVisible();
  await page.goto(`/datasets/${id}/curate`);
  await page.getByRole('tab', { name: /PPO/ }).click();
  await expect(page.getByText('All at max / min', { exact: true })).toBeVisible();
  await expect(page.getByText('groups whose rewards are all the top / all the bottom of the range')).toBeVisible();
  await expect(page.getByLabel('PPO figures').getByText(/all pass/i)).toHaveCount(0);
});

test('tau2: one Reward column, and the 7k-character policy in Meta is collapsed', async ({ page }) => {
  const id = await datasetId(page, TAU2);
  await page.goto(`/datasets/${id}/rollouts`);
  const table = page.getByRole('table', { name: 'Rollouts' });
  // tau2 keeps reward_info.reward as a metric too: it equals the reward, so there is one column.
  await expect(table.getByRole('columnheader', { name: /^reward(\s|$)/i })).toHaveCount(1);
  await expect(table.getByRole('columnheader', { name: 'db_match' })).toBeVisible();

  await rows(page).first().getByRole('link').first().click();
  const details = page.getByRole('complementary', { name: 'Rollout details' });
  await expect(details.getByTestId('reward')).toHaveText('1');
  const show = details.getByRole('button', { name: `Show all · ${LONG_POLICY.length.toLocaleString('en-US')} chars` });
  await expect(show).toBeVisible();
  expect((await details.innerText()).length).toBeLessThan(2000);
  await show.click();
  await expect(details.getByText('Be helpful and follow the rules of the airline.', { exact: false })).toBeVisible();
  expect((await details.innerText()).length).toBeGreaterThan(LONG_POLICY.length);
});

test('compare labels its difference column B − A', async ({ page }) => {
  const id = await datasetId(page, SAMPLE);
  await page.goto(`/datasets/${id}/rollouts`);
  const [a, b] = await rows(page)
    .locator('td[data-col="id"]')
    .evaluateAll((tds) => tds.slice(0, 2).map((td) => (td as HTMLElement).innerText.trim()));
  await page.goto(`/compare?a=${a}&b=${b}`);
  await expect(
    page.getByRole('region', { name: 'Metrics diff' }).getByRole('columnheader', { name: 'Δ B − A' }),
  ).toBeVisible();
});

test("verl exports show the data_source each row will carry: the rollouts' source", async ({ page }) => {
  await page.goto('/exports');
  const form = page.getByRole('form', { name: 'New export' });
  await pickDataset(form, TAU2);
  await form.getByLabel('Format').selectOption('verl-rl-parquet');
  await expect(form.getByTestId('verl-data-source')).toContainText('Rows get tau2/airline');
  await form.getByLabel('data_source').fill('my/env');
  await expect(form.getByTestId('verl-data-source')).toContainText('Every row gets this data_source.');
});

test('the build traces the tokenizer and export-file routes, not the whole project', () => {
  // `npm run build` warned "Dynamic filesystem access causes tracing of the whole project" for
  // lib/tokenize/registry.ts (the token pages and actions) and, through lib/env.ts, the export file
  // route: every file of the project (README, tests, e2e, docs) went into those routes' traces.
  const traces = [
    'app/tokens/page.js.nft.json',
    'app/datasets/[id]/tokens/page.js.nft.json',
    'app/datasets/[id]/rollouts/[rid]/page.js.nft.json',
    'app/api/exports/[id]/files/[name]/route.js.nft.json',
  ].map((t) => path.join('.next/server', t));
  const root = process.cwd();
  for (const t of traces) {
    const files = (JSON.parse(fs.readFileSync(t, 'utf8')) as { files: string[] }).files.map((f) =>
      path.relative(root, path.resolve(path.dirname(t), f)),
    );
    expect(files.length, t).toBeGreaterThan(0);
    const stray = files.filter((f) => /^(README\.md|ARCHITECTURE\.md|e2e|test|docs|bench)(\/|$)/.test(f));
    expect(stray, t).toEqual([]);
  }
});
