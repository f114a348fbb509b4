import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { ingestInTransaction } from '@/lib/db/ingest';
import { listMetricNames, listMetricStats, listRollouts, neighborIds, type RolloutListRow } from '@/lib/db/rollouts';
import { buildSnippet, ftsMatchExpression, whereSql } from '@/lib/db/rollout-query-sql';
import { getDatasetOverview } from '@/lib/db/overview';
import { listTasks, passAtK } from '@/lib/db/tasks';
import type { Message, Rollout } from '@/lib/formats/types';
import { defaultRolloutQuery, type RolloutFilters, type RolloutSort } from '@/lib/query/rollout-query';

interface Spec {
  task: string | null;
  trial: number | null;
  reward: number | null;
  success?: boolean | null;
  split?: string | null;
  metrics?: Record<string, number>;
  tools?: number;
  text: string;
}

// 12 rollouts: 4 tasks × 3 trials, with null rewards, a missing metric and odd text.
const SPECS: Spec[] = [
  {
    task: 'A',
    trial: 0,
    reward: 1,
    success: true,
    split: 'train',
    metrics: { acc: 1, len: 10 },
    tools: 2,
    text: 'refund the order please',
  },
  {
    task: 'A',
    trial: 1,
    reward: 1,
    success: true,
    split: 'train',
    metrics: { acc: 0.9, len: 12 },
    tools: 1,
    text: 'refund issued for order',
  },
  {
    task: 'A',
    trial: 2,
    reward: 1,
    success: true,
    split: 'test',
    metrics: { acc: 0.8 },
    tools: 0,
    text: 'café crème served',
  },
  {
    task: 'B',
    trial: 0,
    reward: 0,
    success: false,
    split: 'train',
    metrics: { acc: 0.1, len: 5 },
    tools: 3,
    text: 'cancel the booking AND the flight',
  },
  {
    task: 'B',
    trial: 1,
    reward: 0.5,
    success: false,
    split: 'train',
    metrics: { acc: 0.5, len: 7 },
    tools: 0,
    text: 'the "quoted" word and star*',
  },
  {
    task: 'B',
    trial: 2,
    reward: null,
    success: null,
    split: null,
    metrics: {},
    tools: 1,
    text: 'no reward here, 東京 station',
  },
  {
    task: 'C',
    trial: 0,
    reward: 0,
    success: false,
    split: 'train',
    metrics: { acc: 0, len: 1 },
    tools: 0,
    text: 'nothing useful',
  },
  {
    task: 'C',
    trial: 1,
    reward: 0,
    success: false,
    split: 'test',
    metrics: { acc: 0.2, len: 2 },
    tools: 1,
    text: 'still nothing',
  },
  {
    task: 'C',
    trial: 2,
    reward: 0,
    success: false,
    split: 'train',
    metrics: { len: 3 },
    tools: 0,
    text: 'refunded nothing',
  },
  {
    task: 'D',
    trial: 0,
    reward: 0.25,
    success: null,
    split: 'train',
    metrics: { acc: 0.3, len: 4 },
    tools: 4,
    text: 'partial credit',
  },
  {
    task: 'D',
    trial: 1,
    reward: null,
    success: null,
    split: 'train',
    metrics: { acc: 0.4 },
    tools: 0,
    text: 'NEAR miss OR not',
  },
  {
    task: null,
    trial: null,
    reward: 0.75,
    success: null,
    split: null,
    metrics: { acc: 0.6, len: 9 },
    tools: 2,
    text: 'orphan rollout',
  },
];

function rollout(s: Spec, i: number): Rollout {
  const messages: Message[] = [{ role: 'user', content: `task ${s.task}` }];
  for (let t = 0; t < (s.tools ?? 0); t++) {
    messages.push({ role: 'assistant', content: null, tool_calls: [{ id: `c${t}`, name: 'lookup', arguments: '{}' }] });
    messages.push({ role: 'tool', tool_call_id: `c${t}`, content: 'ok' });
  }
  messages.push({ role: 'assistant', content: s.text });
  return {
    externalId: `r${i}`,
    taskId: s.task,
    trial: s.trial,
    messages,
    tools: [],
    reward: s.reward,
    metrics: s.metrics ?? {},
    success: s.success ?? null,
    split: s.split ?? null,
    source: { file: 'test.jsonl', record: i },
    promptKey: `p-${s.task}`,
    contentHash: `h-${i}-${Math.random()}`,
  };
}

let datasetId = 0;
let ids: number[] = [];

beforeAll(async () => {
  getDb();
  const res = await ingestInTransaction(
    {
      datasetName: 'query-test',
      fileName: 'test.jsonl',
      size: 1,
      sha256: 'x',
      format: 'test',
      formatReason: null,
      mode: 'strict',
    },
    async (write) => {
      write(SPECS.map(rollout));
      return { read: SPECS.length, skipped: 0, issues: [], issueCount: 0, bytesRead: 1 };
    },
  );
  datasetId = res.datasetId;
  ids = (
    getDb().raw.prepare(`SELECT id FROM "Rollout" WHERE datasetId = ? ORDER BY id`).all(datasetId) as { id: number }[]
  ).map((r) => r.id);
  // A second dataset must never leak into the first one's results.
  await ingestInTransaction(
    {
      datasetName: 'other',
      fileName: 'o.jsonl',
      size: 1,
      sha256: 'y',
      format: 'test',
      formatReason: null,
      mode: 'strict',
    },
    async (write) => {
      write([rollout({ task: 'A', trial: 0, reward: 1, text: 'refund order' }, 99)]);
      return { read: 1, skipped: 0, issues: [], issueCount: 0, bytesRead: 1 };
    },
  );
});

const idOf = (i: number) => ids[i];
const specIndex = (r: RolloutListRow) => ids.indexOf(r.id);

async function list(
  filters: Partial<RolloutFilters> = {},
  opts: { sort?: RolloutSort; q?: string; page?: number; pageSize?: number } = {},
) {
  return listRollouts({
    datasetId,
    page: opts.page ?? 1,
    pageSize: opts.pageSize ?? 50,
    sort: opts.sort ?? { key: 'id', dir: 'asc' },
    filters: { metrics: {}, ...filters },
    q: opts.q,
  });
}

async function idx(filters: Partial<RolloutFilters> = {}, opts: Parameters<typeof list>[1] = {}) {
  return (await list(filters, opts)).rows.map(specIndex);
}

describe('listRollouts filters', () => {
  it.each<[string, Partial<RolloutFilters>, number[]]>([
    ['none', {}, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ['reward >= 1', { reward: { min: 1 } }, [0, 1, 2]],
    ['reward in [0.2, 0.8]', { reward: { min: 0.2, max: 0.8 } }, [4, 9, 11]],
    ['reward <= 0', { reward: { max: 0 } }, [3, 6, 7, 8]],
    ['has reward', { hasReward: true }, [0, 1, 2, 3, 4, 6, 7, 8, 9, 11]],
    ['no reward', { hasReward: false }, [5, 10]],
    ['metric acc >= 0.5', { metrics: { acc: { min: 0.5 } } }, [0, 1, 2, 4, 11]],
    ['metric len <= 3 (rows without len excluded)', { metrics: { len: { max: 3 } } }, [6, 7, 8]],
    ['two metrics', { metrics: { acc: { min: 0.1 }, len: { min: 5 } } }, [0, 1, 3, 4, 11]],
    ['task', { task: 'B' }, [3, 4, 5]],
    ['unknown task', { task: 'Z' }, []],
    ['split', { split: 'test' }, [2, 7]],
    ['success', { success: true }, [0, 1, 2]],
    ['not success (null flags excluded)', { success: false }, [3, 4, 6, 7, 8]],
    ['has tool calls', { hasToolCalls: true }, [0, 1, 3, 5, 7, 9, 11]],
    ['no tool calls', { hasToolCalls: false }, [2, 4, 6, 8, 10]],
    ['turns >= 3', { turns: { min: 3 } }, [0, 3, 9, 11]],
    ['turns in [2, 2]', { turns: { min: 2, max: 2 } }, [1, 5, 7]],
    ['combined', { task: 'A', split: 'train', reward: { min: 1 } }, [0, 1]],
  ])('%s', async (_name, filters, expected) => {
    const r = await list(filters);
    expect(r.rows.map(specIndex)).toEqual(expected);
    expect(r.total).toBe(expected.length);
  });

  it('selects list columns only, with parsed metrics and success', async () => {
    const r = await list({ task: 'A' });
    expect(r.rows[0]).toMatchObject({
      taskId: 'A',
      trial: 0,
      reward: 1,
      success: true,
      split: 'train',
      numToolCalls: 2,
      numTurns: 3,
      metrics: { acc: 1, len: 10 },
      snippet: null,
    });
    expect(r.rows[0]).not.toHaveProperty('messages');
  });
});

describe('listRollouts sort', () => {
  it('reward desc: nulls last, ties by id desc', async () => {
    expect(await idx({}, { sort: { key: 'reward', dir: 'desc' } })).toEqual([2, 1, 0, 11, 4, 9, 8, 7, 6, 3, 5, 10]);
  });
  it('reward asc: nulls still last (by id)', async () => {
    expect(await idx({}, { sort: { key: 'reward', dir: 'asc' } })).toEqual([3, 6, 7, 8, 9, 4, 11, 0, 1, 2, 5, 10]);
  });
  it('metric sort via json_extract, missing metrics last', async () => {
    expect(await idx({}, { sort: { key: 'metric.len', dir: 'desc' } })).toEqual([1, 0, 11, 4, 3, 9, 8, 7, 6, 2, 5, 10]);
    expect(await idx({}, { sort: { key: 'metric.acc', dir: 'asc' } })).toEqual([6, 3, 7, 9, 10, 4, 11, 2, 1, 0, 5, 8]);
  });
  it.each<[RolloutSort, number[]]>([
    [{ key: 'task', dir: 'asc' }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    [{ key: 'task', dir: 'desc' }, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 11]],
    [{ key: 'trial', dir: 'desc' }, [8, 5, 2, 10, 7, 4, 1, 9, 6, 3, 0, 11]],
    [{ key: 'turns', dir: 'desc' }, [9, 3, 11, 0, 7, 5, 1, 10, 8, 6, 4, 2]],
    [{ key: 'toolCalls', dir: 'asc' }, [2, 4, 6, 8, 10, 1, 5, 7, 0, 11, 3, 9]],
    [{ key: 'success', dir: 'desc' }, [2, 1, 0, 8, 7, 6, 4, 3, 5, 9, 10, 11]],
    [{ key: 'split', dir: 'asc' }, [2, 7, 0, 1, 3, 4, 6, 8, 9, 10, 5, 11]],
    [{ key: 'id', dir: 'desc' }, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
  ])('%o', async (sort, expected) => {
    expect(await idx({}, { sort })).toEqual(expected);
  });
});

describe('pagination', () => {
  it('pages partition the sorted list, totals stay the same, across the null boundary', async () => {
    const all = await idx({}, { sort: { key: 'reward', dir: 'asc' } });
    const pages: number[] = [];
    for (let page = 1; page <= 5; page++) {
      const r = await list({}, { sort: { key: 'reward', dir: 'asc' }, page, pageSize: 5 });
      expect(r.total).toBe(12);
      pages.push(...r.rows.map(specIndex));
    }
    expect(pages).toEqual(all);
  });
  it('counts stop at the cap but always see past the current page', async () => {
    const capped = await listRollouts({
      datasetId,
      page: 1,
      pageSize: 2,
      sort: { key: 'id', dir: 'asc' },
      filters: { metrics: {} },
      countCap: 5,
    });
    expect(capped).toMatchObject({ total: 5, isTotalExact: false });
    expect(capped.rows).toHaveLength(2);
    const deep = await listRollouts({
      datasetId,
      page: 4,
      pageSize: 2,
      sort: { key: 'id', dir: 'asc' },
      filters: { metrics: {} },
      countCap: 5,
    });
    expect(deep).toMatchObject({ total: 9, isTotalExact: false });
    expect(deep.rows.map(specIndex)).toEqual([6, 7]);
    const last = await listRollouts({
      datasetId,
      page: 6,
      pageSize: 2,
      sort: { key: 'id', dir: 'asc' },
      filters: { metrics: {} },
      countCap: 5,
    });
    expect(last).toMatchObject({ total: 12, isTotalExact: true });
  });

  it('a selective search reads rows by rowid and gives the same rows', async () => {
    const m = ftsMatchExpression('refund')!;
    const sel = whereSql({ datasetId, filters: { metrics: {} }, q: 'refund', isSearchSelective: true });
    const broad = whereSql({ datasetId, filters: { metrics: {} }, q: 'refund' });
    expect(sel.from).toContain('NOT INDEXED');
    const run = (w: typeof sel) =>
      getDb()
        .raw.prepare(`SELECT r.id FROM ${w.from} WHERE ${w.sql} ORDER BY r.id`)
        .all(...w.params);
    expect(run(sel)).toEqual(run(broad));
    expect(m).toBe('"refund"');
  });

  it('a page past the end is empty with the true total', async () => {
    const r = await list({ task: 'A' }, { page: 3, pageSize: 25 });
    expect(r).toEqual({ rows: [], total: 3, isTotalExact: true });
  });
});

describe('search (FTS5)', () => {
  it.each<[string, number[]]>([
    ['refund', [0, 1]],
    ['REFUND order', [0, 1]],
    ['refund*', [0, 1, 8]],
    ['cafe', [2]],
    ['crème', [2]],
    ['東京', [5]],
    ['"quoted"', [4]],
    ['"', []],
    ['star*', [4]],
    ['AND', [3, 4]],
    ['NEAR', [10]],
    ['OR', [10]],
    ['NOT', [10]],
    ['(refund', [0, 1]],
    ['refund:order', []], // punctuation inside a term makes it a phrase
    ['-refund', [0, 1]],
    ['* ** ***', []],
    ['zzzz', []],
  ])('%s', async (q, expected) => {
    const r = await list({}, { q });
    if (ftsMatchExpression(q) === null) {
      // Nothing searchable: the search is ignored rather than matching nothing.
      expect(r.total).toBe(12);
      return;
    }
    expect(r.rows.map(specIndex)).toEqual(expected);
    expect(r.total).toBe(expected.length);
  });

  it('never produces an FTS syntax error', () => {
    for (const q of ['"', '""', 'a"b', 'NEAR(', 'a OR', '^x', 'col:val', '* a *', 'AND AND', "it's", '\\', '𝔘𝔫𝔦']) {
      const m = ftsMatchExpression(q);
      if (m === null) continue;
      expect(() =>
        getDb().raw.prepare(`SELECT count(*) FROM rollout_fts WHERE rollout_fts MATCH ?`).get(m),
      ).not.toThrow();
    }
  });

  it('search combines with filters and highlights a snippet', async () => {
    const r = await list({ task: 'A' }, { q: 'refund' });
    expect(r.rows.map(specIndex)).toEqual([0, 1]);
    const hit = r.rows[0].snippet?.find((p) => p.hit);
    expect(hit?.text.toLowerCase()).toBe('refund');
  });

  it('snippet folds case and diacritics and respects token boundaries', () => {
    expect(
      buildSnippet('Un Café noir', 'cafe')
        ?.filter((p) => p.hit)
        .map((p) => p.text),
    ).toEqual(['Café']);
    expect(buildSnippet('refunded', 'refund')).toBeNull();
    expect(
      buildSnippet('refunded', 'refund*')
        ?.filter((p) => p.hit)
        .map((p) => p.text),
    ).toEqual(['refund']);
  });
});

describe('neighborIds', () => {
  it('walks the filtered, sorted list including the null tail', async () => {
    const query = { ...defaultRolloutQuery(), sort: { key: 'reward', dir: 'asc' } as RolloutSort };
    const order = await idx({}, { sort: query.sort });
    for (let i = 0; i < order.length; i++) {
      const n = await neighborIds({ datasetId, query, id: idOf(order[i]) });
      expect(n).toEqual({
        index: i,
        total: 12,
        isTotalExact: true,
        prevId: i > 0 ? idOf(order[i - 1]) : null,
        nextId: i < 11 ? idOf(order[i + 1]) : null,
      });
    }
  });
  it('respects filters and search; a row outside the filter has index -1', async () => {
    const query = { ...defaultRolloutQuery(), q: 'refund', filters: { metrics: {} } };
    expect(await neighborIds({ datasetId, query, id: idOf(1) })).toEqual({
      index: 1,
      total: 2,
      isTotalExact: true,
      prevId: idOf(0),
      nextId: null,
    });
    expect(await neighborIds({ datasetId, query, id: idOf(5) })).toEqual({
      index: -1,
      total: 2,
      isTotalExact: true,
      prevId: null,
      nextId: null,
    });
  });
  it('metric sort with missing values', async () => {
    const query = { ...defaultRolloutQuery(), sort: { key: 'metric.len', dir: 'desc' } as RolloutSort };
    const order = await idx({}, { sort: query.sort });
    const n = await neighborIds({ datasetId, query, id: idOf(2) });
    expect(n.index).toBe(order.indexOf(2));
    expect(n.prevId).toBe(idOf(order[order.indexOf(2) - 1]));
  });
});

describe('metrics, overview, tasks', () => {
  it('discovers metric names and ranges over every row', async () => {
    expect(await listMetricNames({ datasetId })).toEqual(['acc', 'len']);
    expect(await listMetricStats({ datasetId })).toEqual([
      // equalsReward: rows whose metric equals their reward (acc = reward on 3 rows).
      { name: 'acc', count: 10, min: 0, max: 1, equalsReward: 3 },
      { name: 'len', count: 9, min: 1, max: 12, equalsReward: 0 },
    ]);
  });

  it('overview aggregates', async () => {
    const o = await getDatasetOverview({ datasetId });
    expect(o.rollouts).toBe(12);
    expect(o.tasks).toBe(4);
    expect(o.withoutTask).toBe(1);
    expect(o.rolloutsPerTask).toEqual({ mean: 2.75, min: 2, max: 3 });
    const rewards = SPECS.map((s) => s.reward).filter((r): r is number => r !== null);
    const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
    const std = Math.sqrt(rewards.reduce((a, b) => a + (b - mean) ** 2, 0) / (rewards.length - 1));
    expect(o.reward.count).toBe(10);
    expect(o.reward.nullCount).toBe(2);
    expect(o.reward.mean).toBeCloseTo(mean, 12);
    expect(o.reward.std).toBeCloseTo(std, 12);
    expect([o.reward.min, o.reward.max]).toEqual([0, 1]);
    expect(o.histogram?.edges[0]).toBe(0);
    expect(o.histogram?.edges.at(-1)).toBe(1);
    expect(o.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(10);
    expect(o.histogram?.counts.at(-1)).toBe(3); // reward == max lands in the top bin
    // flagged: 8 (3 true); unflagged with reward: D0 (0.25, no), orphan (0.75, no)
    expect(o.success).toEqual({ successes: 3, known: 10, rate: 0.3, flagged: 8 });
    expect(o.splits).toEqual([
      { split: 'train', count: 8 },
      { split: null, count: 2 },
      { split: 'test', count: 2 },
    ]);
    expect(o.imports).toHaveLength(1);
    expect(o.metrics.map((m) => m.name)).toEqual(['acc', 'len']);
  });

  it('pass@k estimator', () => {
    expect(passAtK(5, 0, 1)).toBe(0);
    expect(passAtK(5, 2, 1)).toBeCloseTo(0.4, 12);
    expect(passAtK(5, 2, 5)).toBe(1);
    expect(passAtK(5, 1, 2)).toBeCloseTo(1 - 6 / 10, 12); // 1 - C(4,2)/C(5,2)
  });

  it('task groups with flags and spread sort', async () => {
    const t = await listTasks({ datasetId, sort: { key: 'std', dir: 'desc' } });
    expect(t.total).toBe(4);
    expect(t.rows.map((r) => r.taskId)).toEqual(['B', 'A', 'C', 'D']);
    const a = t.rows.find((r) => r.taskId === 'A')!;
    expect(a).toMatchObject({
      trials: 3,
      successes: 3,
      isAllPass: true,
      isZeroVariance: true,
      std: 0,
      passAt1: 1,
      passAtK: 1,
    });
    const b = t.rows.find((r) => r.taskId === 'B')!;
    expect(b).toMatchObject({
      trials: 3,
      rewarded: 2,
      successes: 0,
      isAllFail: true,
      isZeroVariance: false,
      min: 0,
      max: 0.5,
      bestId: idOf(4),
      worstId: idOf(3),
    });
    expect(b.std).toBeCloseTo((Math.SQRT1_2 / 2) * 1, 12);
    const d = t.rows.find((r) => r.taskId === 'D')!;
    expect(d).toMatchObject({ trials: 2, rewarded: 1, isZeroVariance: true, std: 0 });
    expect(t.summary).toMatchObject({
      tasks: 4,
      allPass: 1,
      allFail: 3,
      zeroVariance: 3,
      meanPassAt1: 0.25,
      meanPassAtK: 0.25,
    });
    const flagged = await listTasks({ datasetId, flag: 'all-pass' });
    expect(flagged.rows.map((r) => r.taskId)).toEqual(['A']);
    const byRange = await listTasks({ datasetId, sort: { key: 'range', dir: 'desc' } });
    expect(byRange.rows[0].taskId).toBe('B');
  });
});
