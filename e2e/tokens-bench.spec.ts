/**
 * Browser benchmark of the token analysis page's live recompute (issue 16: ≤ 16 ms per recompute at
 * 100k rollouts). A finished analysis of 100,000 rollouts is planted in the e2e database (a job row
 * and its columns file, as the job writes them: e2e/fixtures/plant-token-analysis.ts) with
 * per-rollout counts shaped like the bench's synthetic tool-calling set (2-9 trained spans, ~600
 * tokens) and, heavier, like tau2 SFT data (up to 20 spans, ~9k tokens). The page fetches the columns once; we then change the mask, "remove
 * system prompt" and max_length and read the time lib/token-report's computeReport took in the page
 * (window.__siftTokenRecomputes) and the time from the input event to the chart's next frame.
 *
 * Run: npx playwright test e2e/tokens-bench.spec.ts   (figures go to stdout; see bench/RESULTS.md)
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data'); // as in playwright.config.ts

/** Plants a finished analysis on the sample dataset (e2e/fixtures/plant-token-analysis.ts); returns its page URL. */
function plantAnalysis(shape: 'synthetic' | 'tau2', n = 100_000): string {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'e2e/fixtures/plant-token-analysis.ts', shape, String(n)],
    {
      env: { ...process.env, SIFT_DB: path.join(dataDir, 'sift.db'), SIFT_ROOT: process.cwd() },
      encoding: 'utf8',
    },
  );
  return out.trim().split('\n').at(-1)!;
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
