/**
 * Browser benchmark of the token analysis page's live recompute (issue 16: ≤ 16 ms per recompute at
 * 100k rollouts). A finished analysis of 100,000 rollouts is planted in the e2e database (a job row
 * and its columns file, as the job writes them) with per-rollout counts shaped like the bench's
 * synthetic tool-calling set (2-9 trained spans, ~600 tokens) and, heavier, like tau2 SFT data (up
 * to 20 spans, ~9k tokens). The page fetches the columns once; we then change the mask, "remove
 * system prompt" and max_length and read the time lib/token-report's computeReport took in the page
 * (window.__siftTokenRecomputes) and the time from the input event to the chart's next frame.
 *
 * Run: npx playwright test e2e/tokens-bench.spec.ts   (figures go to stdout; see bench/RESULTS.md)
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { ColumnsBuilder, computeReport, toTokenWire, type RolloutCounts } from '../lib/token-report';

const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data');

function columnsShaped(n: number, shape: 'synthetic' | 'tau2') {
  let seed = 12345;
  const rand = (k: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % k) | 0;
  const b = new ColumnsBuilder(n);
  for (let i = 0; i < n; i++) {
    const system = shape === 'tau2' ? 4800 + rand(900) : 280 + rand(40);
    const turns = shape === 'tau2' ? 6 + rand(15) : 2 + rand(8);
    let p = system + 20 + rand(60);
    const spans: [number, number][] = [];
    for (let k = 0; k < turns; k++) {
      const a = p + 5 + rand(shape === 'tau2' ? 400 : 50);
      const e = a + 10 + rand(shape === 'tau2' ? 200 : 60);
      spans.push([a, e]);
      p = e;
    }
    const counts: RolloutCounts = {
      total: p + 1,
      system,
      systemNoSys: system - (shape === 'tau2' ? 1400 : 60),
      assistant: spans.reduce((s, [a, e]) => s + e - a + 3, 0),
      completionStart: spans[0][0],
      spans,
    };
    b.add(i + 1, counts);
  }
  return b.finish();
}

/** Plants a finished analysis with these columns on the sample dataset; returns its page URL. */
function plantAnalysis(shape: 'synthetic' | 'tau2', n = 100_000): string {
  const columns = columnsShaped(n, shape);
  const db = new Database(path.join(dataDir, 'sift.db'));
  const datasetId = (db.prepare('SELECT id FROM "Dataset" ORDER BY id LIMIT 1').get() as { id: number }).id;
  const id = randomUUID();
  const options = {
    tokenizer: 'qwen3',
    shape: {
      format: 'openai-chat',
      systemPrompt: 'auto',
      userTools: 'drop',
      reasoning: 'drop',
      endOn: 'last-assistant',
    },
    seed: 0,
    removeSystemMessages: false,
    numSteps: 20,
    lossBudget: 0.01,
    mask: 'all',
  };
  const report = computeReport(columns, { numSteps: 20 });
  const file = path.join('token-analyses', `${id}.json.gz`);
  fs.mkdirSync(path.join(dataDir, 'token-analyses'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, file), zlib.gzipSync(JSON.stringify(toTokenWire(columns))));
  const result = {
    version: 2,
    datasetId,
    datasetName: `bench ${shape}`,
    options,
    tokenizer: 'qwen3',
    tokenizerKey: 'qwen3@bench',
    templateHash: '0'.repeat(64),
    isCustomTemplate: false,
    shapeKey: 'openai-chat.auto.drop.drop.la',
    shapeDescription: 'openai-chat: planted by e2e/tokens-bench.spec.ts',
    cacheScope: { tokenizerId: 'qwen3@bench', templateHash: 'bench' },
    datasetRollouts: n,
    rollouts: n,
    skipped: 0,
    cached: n,
    failed: 0,
    errors: [],
    warnings: [],
    ...report,
    noSysUnknown: 0,
    zeroTrained: { ...report.zeroTrained, ids: [], idsCapped: false },
    columnsFile: file,
    durationMs: 0,
  };
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO "Job" (id, kind, status, progress, message, payload, result, createdAt, startedAt, finishedAt)
     VALUES (?, 'tokens', 'done', 1, 'Done', ?, ?, ?, ?, ?)`,
  ).run(id, JSON.stringify({ datasetId, ...options }), JSON.stringify(result), now, now, now);
  db.close();
  return `/datasets/${datasetId}/tokens?job=${id}`;
}

async function measure(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('recompute-status')).toHaveText(/Recomputed in the browser from 100,000 rollouts/, {
    timeout: 60_000,
  });
  const load = await page.evaluate(() => {
    const e = performance
      .getEntriesByType('resource')
      .find((r) => r.name.includes('/columns')) as PerformanceResourceTiming;
    return { gzipBytes: e.encodedBodySize, requestToEndMs: Math.round(e.responseEnd - e.requestStart) };
  });
  const paint = await page.evaluate(async () => {
    const initialMs = window.__siftTokenRecomputes?.[0];
    window.__siftTokenRecomputes = [];
    const radios = [
      ...document.querySelectorAll('[aria-label="Trained tokens"] input[type=radio]'),
    ] as HTMLInputElement[];
    const system = document.querySelector('fieldset[aria-label="Recompute"] input[type=checkbox]') as HTMLInputElement;
    const max = document.querySelector('#tk-live-max') as HTMLInputElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const actions: (() => void)[] = [
      () => radios[1].click(),
      () => radios[2].click(),
      () => radios[0].click(),
      () => system.click(),
      () => {
        setValue.call(max, String(300 + Math.floor(Math.random() * 5000)));
        max.dispatchEvent(new Event('input', { bubbles: true }));
      },
    ];
    // Input event → the recompute committed (the page logs it after React commits) → next frame.
    const times: number[] = [];
    for (let k = 0; k < 30; k++) {
      const before = window.__siftTokenRecomputes!.length;
      const t0 = performance.now();
      actions[k % actions.length]();
      const deadline = t0 + 5000;
      while (window.__siftTokenRecomputes!.length === before && performance.now() < deadline)
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
      await new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      if (window.__siftTokenRecomputes!.length > before) times.push(performance.now() - t0);
    }
    const recomputes = [...window.__siftTokenRecomputes!].sort((a, b) => a - b);
    const prepares = [...(window.__siftTokenPrepares ?? [])];
    times.sort((a, b) => a - b);
    const q = (xs: number[], f: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * f))];
    return {
      /** The first computation after the columns arrived (one full pass, before any input). */
      initialMs,
      /** The same full pass for the other "remove system prompt" setting, done in the background. */
      backgroundPrepareMs: prepares[0],
      recomputes: recomputes.length,
      recomputeMedianMs: q(recomputes, 0.5),
      recomputeP90Ms: q(recomputes, 0.9),
      recomputeMaxMs: recomputes.at(-1),
      inputToPaintMedianMs: q(times, 0.5),
      inputToPaintMaxMs: times.at(-1),
    };
  });
  return { ...load, ...paint };
}

test('measure: live recompute of a 100k-rollout analysis in the browser', async ({ page }) => {
  test.setTimeout(300_000);
  const out: Record<string, unknown> = {};
  for (const shape of ['synthetic', 'tau2'] as const) out[shape] = await measure(page, plantAnalysis(shape));
  console.log(`TOKENS-BROWSER-BENCH ${JSON.stringify(out)}`);
  const synthetic = out.synthetic as { recomputes: number; recomputeMedianMs: number };
  expect(synthetic.recomputes).toBeGreaterThan(20);
  // The target is 16 ms; a shared, loaded machine gets a generous bound here (the figure is reported).
  expect(synthetic.recomputeMedianMs).toBeLessThan(100);
});
