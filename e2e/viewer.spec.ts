import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';

/**
 * The conversation viewer and compare journeys. Fixture rollouts (XSS, 300 turns, rare shapes) are
 * added to the running e2e server's database through the ingest path (e2e/fixtures/).
 */
interface Fixtures {
  datasetId: number;
  ids: Record<'xss' | 'long-300' | 'features', number>;
  sample: { datasetId: number; withThink: number; passed: number; failed: number; taskId: string };
}

let fx: Fixtures;

test.beforeAll(() => {
  const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data'); // as in playwright.config.ts
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'e2e/fixtures/insert-viewer-rollouts.ts'], {
    env: { ...process.env, SIFT_DB: path.join(dataDir, 'sift.db'), SIFT_ROOT: process.cwd() },
    encoding: 'utf8',
  });
  fx = JSON.parse(out.trim().split('\n').at(-1)!);
});

const rolloutUrl = (datasetId: number, id: number, qs = '') => `/datasets/${datasetId}/rollouts/${id}${qs}`;

async function failOnDialog(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  return dialogs;
}

test('a sample rollout reads as a trace: collapsed system prompt, pretty tool calls, linked results, reasoning', async ({
  page,
}) => {
  await page.goto(rolloutUrl(fx.sample.datasetId, fx.sample.withThink));
  const conversation = page.getByTestId('conversation');
  await expect(conversation).toBeVisible();

  // System prompt: collapsed, with its length; expands and collapses.
  const system = page.getByRole('button', { name: /System prompt/ });
  await expect(system).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('system-length')).toHaveText(/^[\d,]+ chars · \d+ lines$/);
  await expect(page.getByText('Refunds go to the original payment method')).toHaveCount(0);
  await system.click();
  await expect(system).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText(/Refunds go to the original payment method/)).toBeVisible();
  await system.click();
  await expect(page.getByText(/Refunds go to the original payment method/)).toHaveCount(0);

  // Roles are labelled.
  await expect(conversation.locator('[data-turn="user"]').first()).toContainText('User');
  await expect(conversation.locator('[data-turn="assistant"]').first()).toContainText('Assistant');

  // Tool call arguments are pretty-printed JSON.
  const call = conversation.locator('[data-tool-call="get_order_details"]');
  await expect(call).toBeVisible();
  const args = await call.locator('pre').textContent();
  expect(args).toMatch(/^\{\n {2}"order_id": "#W\d+"\n\}$/);

  // Reasoning from <think> is its own block.
  await expect(conversation.locator('[data-block="reasoning"]').first()).toContainText(
    'I need the order status before acting',
  );

  // Call → result and back, by tool_call_id.
  await call.getByRole('link', { name: /^result #\d+/ }).click();
  await expect(page).toHaveURL(/#result-call_/);
  const resultSelector = '[data-tool-result="get_order_details"]';
  const result = conversation.locator(resultSelector);
  await expect(result).toBeFocused();
  await expect(call).toHaveClass(/ring-2/); // the pair is highlighted
  await conversation
    .locator('[data-turn="tool"]', { has: page.locator(resultSelector) })
    .getByRole('link', { name: /call #\d+/ })
    .click();
  await expect(page).toHaveURL(/#call-call_/);
  await expect(call).toBeFocused();

  // Metrics panel.
  const panel = page.getByRole('complementary', { name: 'Rollout details' });
  await expect(panel.getByTestId('reward')).toBeVisible();
  await expect(panel.getByText('db_match')).toBeVisible();
  await expect(panel.getByText('sample-retail.generated')).toBeVisible();

  // Raw JSON tab.
  await page.getByRole('tab', { name: 'Raw JSON' }).click();
  await expect(page.getByTestId('raw-json')).toContainText('"tool_call_id"');
  await expect(page.getByRole('button', { name: 'Copy JSON' })).toBeVisible();
});

test('next and previous stay within the table filter; back returns to the same table page', async ({ page }) => {
  const qs = `?task=${fx.sample.taskId}&sort=-reward`;
  await page.goto(rolloutUrl(fx.sample.datasetId, fx.sample.passed, qs));
  await expect(page.getByText(/^\d+ of 5$/)).toBeVisible();
  const back = page.getByRole('link', { name: 'Back to table' });
  const backHref = new URL((await back.getAttribute('href'))!, 'http://x');
  expect(backHref.pathname).toBe(`/datasets/${fx.sample.datasetId}/rollouts`);
  expect(backHref.searchParams.get('task')).toBe(fx.sample.taskId);
  expect(backHref.searchParams.get('sort')).toBe('-reward');

  const start = page.url();
  const next = page.getByRole('link', { name: 'Next →' });
  const prev = page.getByRole('link', { name: '← Previous' });
  const target = (await next.count()) > 0 ? next : prev;
  const back2 = target === next ? prev : next;
  await target.click();
  await expect(page).not.toHaveURL(start);
  expect(new URL(page.url()).searchParams.get('task')).toBe(fx.sample.taskId);
  await expect(page.getByText(fx.sample.taskId, { exact: true }).first()).toBeVisible();
  await back2.click();
  await expect(page).toHaveURL(start);
});

test('compare two trials of a task: aligned turns with the divergence marked', async ({ page }) => {
  await page.goto(`/compare?a=${fx.sample.passed}&b=${fx.sample.failed}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Compare rollouts' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Rollout A' })).toContainText(fx.sample.taskId);
  await expect(page.getByRole('region', { name: 'Metrics diff' })).toContainText('db_match');
  await expect(page.getByTestId('reward-a')).toHaveText('1');
  await expect(page.getByTestId('reward-b')).not.toHaveText('1');

  await page.getByRole('link', { name: /Jump to divergence/ }).click();
  const divergence = page.locator('#divergence');
  await expect(divergence).toBeVisible();
  await expect(divergence).toContainText('first divergence');
  await expect(divergence).toBeFocused();
  expect(await divergence.getAttribute('data-align')).not.toBe('same');
  // identical opening turns are folded or dimmed, not hidden from reach
  const folded = page.getByRole('button', { name: /identical turns — show/ });
  if ((await folded.count()) > 0) {
    await folded.first().click();
    await expect(page.locator('[data-align="same"]').first()).toBeVisible();
  }

  // index alignment is one click away
  await page.getByRole('link', { name: 'index', exact: true }).click();
  await expect(page).toHaveURL(/align=index/);
  await expect(page.getByTestId('align-counts')).toBeVisible();
});

test('hostile markup in a rollout renders as inert text', async ({ page }) => {
  const dialogs = await failOnDialog(page);
  await page.goto(rolloutUrl(fx.datasetId, fx.ids.xss));
  const conversation = page.getByTestId('conversation');
  await expect(conversation).toBeVisible();
  await page.getByRole('button', { name: /System prompt/ }).click();
  await expect(conversation.getByText('<script>window.__xss = 1; alert("script")</script>').first()).toBeVisible();
  await expect(conversation.getByText(/<img src=x onerror=/).first()).toBeVisible();

  expect(await conversation.locator('script').count()).toBe(0);
  expect(await conversation.locator('img[onerror], [onerror]').count()).toBe(0);
  expect(await conversation.locator('img').count()).toBe(0);
  const hrefs = await conversation
    .locator('a[href]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
  expect(hrefs.some((h) => /^\s*javascript:/i.test(h))).toBe(false);
  await expect(conversation.getByRole('link', { name: 'safe link' }).first()).toHaveAttribute(
    'href',
    'https://example.com',
  );
  await expect(conversation.getByText('x', { exact: true }).first()).not.toHaveAttribute('href', /javascript:/);

  // the same text in compare and raw JSON
  await page.goto(`/compare?a=${fx.ids.xss}&b=${fx.ids.features}`);
  await expect(page.getByTestId('compare-rows')).toBeVisible();
  expect(await page.getByTestId('compare-rows').locator('script, [onerror]').count()).toBe(0);

  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('inline tags, simulated-user calls, non-JSON arguments and long results', async ({ page }) => {
  await page.goto(rolloutUrl(fx.datasetId, fx.ids.features));
  const conversation = page.getByTestId('conversation');
  await expect(conversation.locator('[data-block="action"]')).toContainText('check_status()');
  await expect(conversation.locator('[data-block="prediction"]')).toContainText('The line is suspended.');
  await expect(conversation.getByText('simulated user tool call — not a training target').first()).toBeVisible();
  await expect(conversation.locator('[data-tool-call="dump_logs"]')).toContainText('arguments not JSON');
  await expect(conversation.locator('[data-tool-call="dump_logs"] pre')).toHaveText('not json {');

  const result = conversation.locator('[data-tool-result="dump_logs"]');
  await expect(result).toContainText('row 0:');
  await expect(result).not.toContainText('row 119:');
  await result.getByRole('button', { name: /Show all · [\d,]+ chars · 120 lines/ }).click();
  await expect(result).toContainText('row 119:');
});

test('a 300-turn rollout opens fast and renders only what is visible', async ({ page }, testInfo) => {
  const url = rolloutUrl(fx.datasetId, fx.ids['long-300']);
  await page.goto(url); // warm the server (first request compiles and caches)
  const measure = async () => {
    await page.waitForTimeout(1000); // let the previous page's link prefetches finish: they share the server
    await page.goto(url);
    await expect(page.getByTestId('conversation').locator('[data-turn]').first()).toBeVisible();
    await page.waitForFunction(() => performance.getEntriesByName('sift:conversation:first-paint').length > 0);
    return page.evaluate(async () => {
      const elementTimes = await new Promise<number[]>((resolve) => {
        const seen: number[] = [];
        const obs = new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { renderTime: number; identifier: string })[]) {
            if (e.identifier === 'sift-turn') seen.push(e.renderTime || e.startTime);
          }
        });
        obs.observe({ type: 'element', buffered: true });
        setTimeout(() => {
          obs.disconnect();
          resolve(seen);
        }, 300);
      });
      const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        firstTurnPaint: elementTimes.length ? Math.min(...elementTimes) : null,
        firstContentfulPaint: at('first-contentful-paint'),
        hydratedRender: at('sift:conversation:first-render'),
        hydratedPaint: at('sift:conversation:first-paint'),
        responseEnd: nav.responseEnd,
        domContentLoaded: nav.domContentLoadedEventEnd,
      };
    });
  };
  const runs = [await measure(), await measure(), await measure()];
  const median = (k: keyof (typeof runs)[number]) => {
    const v = runs
      .map((r) => r[k])
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    return v.length ? Math.round(v[Math.floor(v.length / 2)]) : null;
  };
  const report = {
    turns: 300,
    firstTurnPaintMs: median('firstTurnPaint'),
    firstContentfulPaintMs: median('firstContentfulPaint'),
    hydratedRenderMs: median('hydratedRender'),
    hydratedPaintMs: median('hydratedPaint'),
    responseEndMs: median('responseEnd'),
    targetMs: 200,
  };
  console.log(`viewer perf (ms from navigation start, median of 3): ${JSON.stringify(report)}`);
  await testInfo.attach('viewer-perf.json', {
    body: JSON.stringify({ report, runs }, null, 2),
    contentType: 'application/json',
  });

  // The server-rendered first turns paint before any script runs; the bound is loose for slow CI
  // machines, the figure to watch is printed above (target 200 ms).
  expect(report.firstTurnPaintMs ?? report.firstContentfulPaintMs).not.toBeNull();
  expect(report.firstTurnPaintMs ?? report.firstContentfulPaintMs!).toBeLessThan(1000);

  // Virtualized: a handful of the ~600 messages are in the DOM, and the last is reachable.
  const conversation = page.getByTestId('conversation');
  const total = Number(await conversation.getAttribute('data-turns'));
  expect(total).toBeGreaterThan(600);
  const rendered = await conversation.locator('[data-turn]').count();
  expect(rendered).toBeLessThan(60);
  // Rows are measured as they render, so the page grows a little on the way down: press End until
  // the last turn shows.
  await expect(async () => {
    await page.keyboard.press('End');
    await expect(conversation.getByText('I booked the Ryanair flight for')).toBeVisible({ timeout: 1000 });
  }).toPass();
  expect(await conversation.locator('[data-turn]').count()).toBeLessThan(60);
});
