/**
 * Browse benchmark: server time of the rollout table, search and overview over 1M rollouts, each
 * next to a plain indexed SQLite query for the same rows (the floor any implementation pays).
 *
 *   npm run bench -- browse [N=1000000]
 *
 * Data: bench/browse-data.ts (gen-rollouts.py → lib/formats parseFile → lib/db/ingest.ts), cached in
 * bench/.data/browse-<N>.db. Times are medians of 7 runs after one warm-up, in ms, measured around
 * the lib/db calls the pages await (React rendering excluded).
 */
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../lib/db/client';
import type { BenchResult } from './run';
import { DATA_DIR, ensureBenchDataset } from './browse-data';

const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn: () => unknown, runs = RUNS): Promise<number> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return Number(median(xs).toFixed(2));
}

export async function run(args: string[]): Promise<BenchResult> {
  const n = Number(args[0] ?? 1_000_000);
  process.env.SIFT_DB = path.join(DATA_DIR, `browse-${n === 1_000_000 ? '1m' : n}.db`);
  const { datasetId, builtSeconds } = await ensureBenchDataset(n);
  const { getDb } = await import('../lib/db/client');
  const { listRollouts, neighborIds, listMetricStats } = await import('../lib/db/rollouts');
  const { getDatasetOverview } = await import('../lib/db/overview');
  const { listTasks } = await import('../lib/db/tasks');
  const { raw } = getDb();
  // Measure what a user's database gives the planner: the app never runs ANALYZE.
  if (raw.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'`).get())
    raw.exec('DELETE FROM sqlite_stat1');
  const count = (raw.prepare(`SELECT count(*) AS n FROM "Rollout" WHERE datasetId = ?`).get(datasetId) as { n: number })
    .n;

  const figures: Record<string, number | string> = { rollouts: count };
  if (builtSeconds !== null) figures['bench DB build s (parse + ingest)'] = Number(builtSeconds.toFixed(1));

  // 1. Table page: filter + sort (reward desc), 50 rows, with the exact total.
  const filters = { reward: { min: 0.5 }, split: 'train', hasToolCalls: true, metrics: {} };
  const sort = { key: 'reward' as const, dir: 'desc' as const };
  const page = (
    p: number,
    s: typeof sort | { key: `metric.${string}`; dir: 'desc' } = sort,
    f: typeof filters | { metrics: Record<string, never> } = filters,
  ) => listRollouts({ datasetId, page: p, pageSize: 50, sort: s, filters: f });
  figures['table: matching rows (reward>=0.5, split=train, tools>0)'] = (
    await listRollouts({ datasetId, page: 1, pageSize: 50, sort, filters, countCap: Number.MAX_SAFE_INTEGER })
  ).total;
  figures['table page 1 ms (filter+sort, total capped at 10,000)'] = await time(() => page(1));
  figures['table page 1 with an exact total (no cap) ms'] = await time(() =>
    listRollouts({ datasetId, page: 1, pageSize: 50, sort, filters, countCap: Number.MAX_SAFE_INTEGER }),
  );
  const basePage = raw.prepare(
    `SELECT id, externalId, taskId, trial, reward, success, split, numMessages, numTurns, numToolCalls, metrics FROM "Rollout"
     WHERE datasetId = ? AND reward >= 0.5 AND split = 'train' AND numToolCalls > 0 ORDER BY reward DESC, id DESC LIMIT 50`,
  );
  figures['baseline: same 50 rows, plain indexed query ms (no total)'] = await time(() => basePage.all(datasetId));
  const baseCount = raw.prepare(
    `SELECT count(*) FROM "Rollout" WHERE datasetId = ? AND reward >= 0.5 AND split = 'train' AND numToolCalls > 0`,
  );
  figures['baseline: plain count(*) of the same filter ms'] = await time(() => baseCount.get(datasetId));
  figures['table page 1 unfiltered, sort reward desc ms'] = await time(() => page(1, sort, { metrics: {} }));
  const byId = { key: 'id' as const, dir: 'asc' as const };
  figures['table page 1 default view (id order, no filter) ms'] = await time(() =>
    listRollouts({ datasetId, page: 1, pageSize: 50, sort: byId, filters: { metrics: {} } }),
  );
  figures['table page 1 id order, turns >= 3 ms'] = await time(() =>
    listRollouts({ datasetId, page: 1, pageSize: 50, sort: byId, filters: { metrics: {}, turns: { min: 3 } } }),
  );
  figures['table page 1 sorted by turns desc ms'] = await time(() =>
    listRollouts({ datasetId, page: 1, pageSize: 50, sort: { key: 'turns', dir: 'desc' }, filters: { metrics: {} } }),
  );
  figures['table page 1 sorted by tool calls (no index: full sort) ms'] = await time(
    () =>
      listRollouts({
        datasetId,
        page: 1,
        pageSize: 50,
        sort: { key: 'toolCalls', dir: 'desc' },
        filters: { metrics: {} },
      }),
    2,
  );
  figures['table page 200 (offset 9,950) ms'] = await time(() => page(200));
  figures['table page 1 sorted by metric (json_extract) ms'] = await time(
    () => page(1, { key: 'metric.set_overlap', dir: 'desc' }),
    2,
  );

  // 2. Search: a rare token (an order id in tool arguments) and a word in nearly every rollout.
  const rare = 'W4321';
  const rareQ = () =>
    listRollouts({
      datasetId,
      page: 1,
      pageSize: 50,
      sort: { key: 'id', dir: 'asc' },
      filters: { metrics: {} },
      q: rare,
    });
  figures[`search "${rare}": matches`] = (await rareQ()).total;
  figures[`search "${rare}" page (rows + total + snippets) ms`] = await time(rareQ);
  const baseFts = raw.prepare(`SELECT rowid FROM rollout_fts WHERE rollout_fts MATCH ? ORDER BY rowid LIMIT 50`);
  figures[`baseline: FTS MATCH "${rare}" LIMIT 50 ms`] = await time(() => baseFts.all(`"${rare}"`));
  const rareFiltered = () => listRollouts({ datasetId, page: 1, pageSize: 50, sort, filters, q: rare });
  figures[`search "${rare}" + filters + reward sort ms`] = await time(rareFiltered);
  const common = () =>
    listRollouts({
      datasetId,
      page: 1,
      pageSize: 50,
      sort: { key: 'id', dir: 'asc' },
      filters: { metrics: {} },
      q: 'refund',
    });
  figures['search "refund" (in ~all rollouts): matches'] = (await common()).total;
  figures['search "refund" page ms'] = await time(common);
  figures['baseline: FTS MATCH "refund" LIMIT 50 ms'] = await time(() => baseFts.all('"refund"'));
  const baseFtsCount = raw.prepare(`SELECT count(*) FROM rollout_fts WHERE rollout_fts MATCH ?`);
  figures['baseline: FTS count(*) MATCH "refund" ms'] = await time(() => baseFtsCount.get('"refund"'));

  // 3. Overview (metric ranges cached) and the cold metric scan it caches.
  figures['metric names+ranges cold scan ms (json_each, once per import)'] = await coldMetricScan(raw, datasetId);
  await listMetricStats({ datasetId });
  figures['overview ms, computed (fresh=1: every aggregate recomputed)'] = await time(() =>
    getDatasetOverview({ datasetId, fresh: true }),
  );
  figures['overview ms, cached aggregates (until the next import)'] = await time(() =>
    getDatasetOverview({ datasetId }),
  );
  const baseOverview = raw.prepare(
    `SELECT count(*), count(reward), avg(reward), min(reward), max(reward) FROM "Rollout" WHERE datasetId = ?`,
  );
  figures['baseline: count/avg/min/max over the reward index ms'] = await time(() => baseOverview.get(datasetId));

  // 4. Viewer neighbours and the task view (no targets; for the record).
  const mid = (await page(100)).rows[0]?.id;
  if (mid !== undefined)
    figures['neighborIds (filtered, reward sort, row ~5,000) ms'] = await time(() =>
      neighborIds({ datasetId, query: { sort, filters, q: '' }, id: mid }),
    );
  figures['tasks page (GROUP BY task, sort by std) ms'] = await time(
    () => listTasks({ datasetId, sort: { key: 'std', dir: 'desc' } }),
    2,
  );

  figures['load average (1 min) at end'] = Number(os.loadavg()[0].toFixed(1));
  const ok = (k: string, target: number) =>
    `${k}: ${figures[k]} ms (target ≤ ${target} ms) ${Number(figures[k]) <= target ? 'met' : 'MISSED'}`;
  return {
    name: `browse (${count.toLocaleString('en-US')} rollouts)`,
    figures,
    notes: [
      'Data: gen-rollouts.py JSONL parsed by lib/formats (nemo-gym) and ingested by lib/db/ingest.ts; split/success set by SQL after ingest (the generator has neither).',
      ok('table page 1 ms (filter+sort, total capped at 10,000)', 50),
      ok(`search "${rare}" page (rows + total + snippets) ms`, 200),
      ok('overview ms, computed (fresh=1: every aggregate recomputed)', 300),
      'Totals are exact up to 10,000 matching rows ("10,000+" past that); the exact-total figure shows what an uncapped count would add to every page view.',
      'Metric sorts use json_extract over every matching row (no index can serve them): see the metric-sort figure.',
    ].join('\n'),
  };
}

async function coldMetricScan(raw: Db['raw'], datasetId: number): Promise<number> {
  const t = performance.now();
  raw
    .prepare(
      `SELECT j.key, count(*), min(j.value), max(j.value) FROM "Rollout" r, json_each(r.metrics) j
       WHERE r.datasetId = ? AND j.type IN ('integer', 'real', 'true', 'false') GROUP BY j.key`,
    )
    .all(datasetId);
  return Number((performance.now() - t).toFixed(0));
}
