/**
 * Import journey: drop two files onto the datasets page, watch them import as jobs, read the report,
 * open the dataset; then the re-upload no-op and a failure's report.
 */
import { test, expect, type Page, type Locator } from '@playwright/test';
import zlib from 'node:zlib';

function nemoLine(i: number): string {
  const task = Math.floor(i / 4);
  const cid = `call_${i}`;
  return JSON.stringify({
    responses_create_params: {
      input: [
        { role: 'system', content: `You are a support agent for task ${task}.` },
        { role: 'user', content: `Where is order #W${1000 + task}? ${'please '.repeat(60)}` },
      ],
      tools: [
        {
          type: 'function',
          name: 'get_order',
          parameters: { type: 'object', properties: { order_id: { type: 'string' } } },
        },
      ],
    },
    response: {
      output: [
        {
          type: 'function_call',
          call_id: cid,
          name: 'get_order',
          arguments: JSON.stringify({ order_id: `#W${1000 + task}` }),
        },
        {
          type: 'function_call_output',
          call_id: cid,
          output: JSON.stringify({ status: 'shipped', note: `rollout ${i} ${'detail '.repeat(80)}` }),
        },
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: `Your order ships soon (${i}).` }],
        },
      ],
    },
    reward: i % 2,
    task_index: task,
  });
}

const lines = (n: number, start = 0) => Array.from({ length: n }, (_, i) => nemoLine(start + i));

/** Drops files on `target` the way a browser does: dragenter, dragover, drop with a DataTransfer. */
async function dropFiles(page: Page, target: Locator, files: { name: string; bytes: Buffer }[]) {
  const payload = files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name));
    }
    return dt;
  }, payload);
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

const small = Buffer.from([...lines(5), '{"not": "a rollout"}'].join('\n') + '\n');
const big = zlib.gzipSync(Buffer.from(lines(12_000, 1000).join('\n') + '\n'));

test('drop two files, watch them import, read the report, open the dataset', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/datasets');
  const zone = page.getByTestId('import-drop-zone');
  await expect(zone).toBeVisible();
  await dropFiles(page, zone, [
    { name: 'e2e-small.jsonl', bytes: small },
    { name: 'e2e-big.jsonl.gz', bytes: big },
  ]);

  const smallRow = page.getByRole('listitem', { name: 'Import of e2e-small.jsonl' });
  const bigRow = page.getByRole('listitem', { name: 'Import of e2e-big.jsonl.gz' });
  // format detection is shown, with why
  await expect(smallRow.getByText('Detected NeMo-Gym rollouts')).toBeVisible();
  await expect(smallRow.getByText(/records have the NeMo-Gym rollout shape/)).toBeVisible();
  await expect(bigRow.getByText('Detected NeMo-Gym rollouts')).toBeVisible();
  // the new dataset's name is editable (defaults to the file name)
  await expect(smallRow.getByLabel('Dataset name')).toHaveValue('e2e-small');
  await smallRow.getByLabel('Dataset name').fill('E2E small');
  await expect(bigRow.getByLabel('Dataset name')).toHaveValue('e2e-big');
  await expect(bigRow.getByLabel('Format')).toContainText('Detected (nemo-gym)');

  await page.getByRole('button', { name: 'Import 2 files' }).click();

  // progress: the big file shows a live bar with records/s, then finishes
  await expect(bigRow.getByRole('progressbar', { name: 'Import of e2e-big.jsonl.gz' })).toBeVisible();
  await expect(bigRow.getByText(/records\/s/)).toBeVisible({ timeout: 60_000 });
  await expect(bigRow.getByText(/Imported 12,000 records \(12,000 rollouts\) into e2e-big/)).toBeVisible({
    timeout: 120_000,
  });
  await expect(
    smallRow.getByText(/Imported 5 records \(5 rollouts\) into E2E small · read 6 · skipped 1 · duplicates 0/),
  ).toBeVisible();

  // the Imports list (the page can be left and revisited) and the datasets table
  await page.reload();
  const imports = page.getByRole('region', { name: 'Imports' });
  await expect(imports.getByRole('listitem', { name: 'Import job e2e-small.jsonl' })).toContainText(
    '5 imported · 1 skipped · 0 duplicates',
  );
  await expect(imports.getByRole('listitem', { name: 'Import job e2e-big.jsonl.gz' })).toContainText('12,000 imported');
  await expect(
    page
      .getByRole('row', { name: /E2E small/ })
      .getByRole('cell', { name: '5', exact: true })
      .first(),
  ).toBeVisible();

  // the report
  await imports
    .getByRole('listitem', { name: 'Import job e2e-small.jsonl' })
    .getByRole('link', { name: 'Report' })
    .click();
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('e2e-small.jsonl');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('done');
  const counts = page.getByRole('definition');
  await expect(counts.nth(0)).toHaveText('6');
  await expect(counts.nth(1)).toHaveText('5');
  await expect(counts.nth(2)).toHaveText('1');
  await expect(counts.nth(3)).toHaveText('0');
  await expect(page.getByText('Read 6 records = 5 imported + 1 skipped + 0 duplicates')).toBeVisible();
  await expect(page.getByText('nemo-gym', { exact: true })).toBeVisible();
  const issue = page.getByRole('table', { name: 'Issues' }).getByRole('row').nth(1);
  await expect(issue.getByRole('cell').nth(0)).toHaveText('5');
  await expect(issue.getByRole('cell').nth(1)).toHaveText('6');
  await expect(issue.getByRole('cell').nth(2)).toHaveText(/^\$/);

  await page.getByRole('link', { name: 'Open the dataset' }).click();
  await expect(page).toHaveURL(/\/datasets\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'E2E small' })).toBeVisible();
  await expect(page.getByText('Drop files here to add them to E2E small')).toBeVisible();
});

test('the same file again is offered as a no-op; a failed import explains itself', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/datasets');
  const zone = page.getByTestId('import-drop-zone');
  const again = Buffer.from(lines(3, 50_000).join('\n') + '\n');
  await dropFiles(page, zone, [{ name: 'again.jsonl', bytes: again }]);
  const row = page.getByRole('listitem', { name: 'Import of again.jsonl' });
  await row.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(row.getByText(/Imported 3 records \(3 rollouts\) into again/)).toBeVisible({ timeout: 60_000 });
  await row.getByRole('button', { name: 'Dismiss again.jsonl' }).click();

  await dropFiles(page, zone, [{ name: 'again.jsonl', bytes: again }]);
  await row.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(row.getByText(/Already imported into again on .*Import anyway\?/)).toBeVisible();
  await row.getByRole('button', { name: 'Import anyway' }).click();
  await expect(
    row.getByText(/Imported 0 records \(0 rollouts\) into again · read 3 · skipped 0 · duplicates 3/),
  ).toBeVisible({
    timeout: 60_000,
  });
  await row.getByRole('button', { name: 'Dismiss again.jsonl' }).click();

  // an unrecognised file: the formats tried are listed; the user picks one, the import fails, the report says why
  await dropFiles(page, zone, [{ name: 'mystery.jsonl', bytes: Buffer.from('{"a": 1}\n{"a": 2}\n') }]);
  const mystery = page.getByRole('listitem', { name: 'Import of mystery.jsonl' });
  await expect(mystery.getByText('Format not recognised. Choose the format below.')).toBeVisible();
  await mystery.getByText('Formats tried and why each did not fit').click();
  await expect(mystery.getByText(/nemo-gym: no record has responses_create_params/)).toBeVisible();
  await expect(mystery.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await mystery.getByLabel('Format').selectOption('nemo-gym');
  await mystery.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(mystery.getByRole('alert')).toContainText('nothing to import', { timeout: 60_000 });
  await mystery.getByRole('link', { name: 'Report', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'No rollouts could be read from this file' })).toBeVisible();
  await expect(page.getByText('Nothing was stored: the dataset is exactly as before.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Issues' }).getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Run again' })).toBeVisible();
});
