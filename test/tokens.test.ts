/**
 * Token analysis against a fresh SQLite file (test/setup.ts) holding the sample dataset: the
 * TokenCount cache round trip, a second analysis served from the cache without a worker, totals for
 * curation, zero-trained detection, the tokens job end to end, and errors that say why.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDb, getDb } from '@/lib/db/client';
import { getDatasetByName } from '@/lib/db/datasets';
import { createJob, getJob } from '@/lib/db/jobs';
import { SAMPLE_DATASET_NAME, seedSampleOnFirstRun } from '@/lib/db/sample';
import { getLatestTokenAnalysis, listRolloutKeys } from '@/lib/db/token-analyses';
import { columnsToKey, getCachedStats, getTokenTotals, keyToColumns, putCachedStats } from '@/lib/db/token-cache';
import { runJob } from '@/lib/jobs/run-job';
import { runTokenAnalysis, tokenHistogram } from '@/lib/jobs/tokens';
import { tokensPayloadSchema } from '@/lib/jobs/tokens-payload';
import { analysisCacheKey } from '@/lib/token-stats/cache-key';
import type { RolloutTokenStats } from '@/lib/token-stats/rollout-stats';
import * as pool from '@/lib/tokenize/pool';
import { sampleRollouts } from '@/lib/tokenize/sample';

vi.mock('@/lib/tokenize/pool', async (importOriginal) => {
  const orig = await importOriginal<typeof import('@/lib/tokenize/pool')>();
  return { ...orig, analyzeRollouts: vi.fn(orig.analyzeRollouts) };
});

let datasetId: number;
beforeAll(async () => {
  getDb();
  await seedSampleOnFirstRun();
  datasetId = (await getDatasetByName({ name: SAMPLE_DATASET_NAME }))!.id;
});
afterAll(async () => {
  await closeDb();
});

const stats = (total: number): RolloutTokenStats => ({
  total,
  system: 10,
  assistant: 5,
  conversation: total - 10,
  perMessage: [10, total - 10],
  trainedAll: 4,
  trainedLast: 4,
  spans: [[12, 16]],
  lastSpan: [12, 16],
  exact: true,
});

describe('TokenCount cache', () => {
  it('maps cache keys to columns and back, even when a folder path contains colons', () => {
    for (const tokenizerKey of ['qwen3@0123456789abcdef', 'C:\\models\\x@0123456789abcdef', '/m/a:b@ff']) {
      const key = analysisCacheKey({
        contentHash: 'abc123',
        tokenizerKey,
        templateHash: 'f'.repeat(64),
        removeSystemMessages: true,
      });
      const cols = keyToColumns(key);
      expect(cols.contentHash).toBe('abc123');
      expect(cols.tokenizerId).toBe(tokenizerKey);
      expect(columnsToKey(cols)).toBe(key);
    }
    expect(() => keyToColumns('nonsense')).toThrow();
  });

  it('round-trips entries in batches, and a missing key is simply absent', () => {
    const keys = Array.from({ length: 700 }, (_, i) =>
      analysisCacheKey({
        contentHash: `h${i}`,
        tokenizerKey: 't@1',
        templateHash: 'a'.repeat(64),
        removeSystemMessages: false,
      }),
    );
    putCachedStats(keys.map((key, i) => ({ key, stats: stats(100 + i) })));
    const other = analysisCacheKey({
      contentHash: 'h1',
      tokenizerKey: 't@1',
      templateHash: 'a'.repeat(64),
      removeSystemMessages: true,
    });
    const got = getCachedStats([...keys, other]);
    expect(got.size).toBe(700);
    expect(got.get(keys[699])).toEqual(stats(799));
    expect(got.has(other)).toBe(false);
    // Overwrite, not duplicate.
    putCachedStats([{ key: keys[0], stats: stats(1) }]);
    expect(getCachedStats([keys[0]]).get(keys[0])!.total).toBe(1);
  });
});

describe('token analysis of the sample dataset', () => {
  const payload = tokensPayloadSchema.parse({ datasetId: 1, tokenizer: 'qwen3', numSamples: 24, seed: 7 });

  it('caches per-rollout results: the second run is served without any worker', async () => {
    const spy = vi.mocked(pool.analyzeRollouts);
    spy.mockClear();
    const first = await runTokenAnalysis({ ...payload, datasetId });
    expect(first.rollouts).toBe(24);
    expect(first.cached).toBe(0);
    expect(spy).toHaveBeenCalledTimes(1);

    const second = await runTokenAnalysis({ ...payload, datasetId });
    expect(spy).toHaveBeenCalledTimes(1); // no new pool run: nothing was tokenized
    expect(second.cached).toBe(24);
    expect({ ...second, cached: 0, durationMs: 0 }).toEqual({ ...first, durationMs: 0 });
    expect(second.durationMs).toBeLessThan(first.durationMs);

    // The same sample with one more rollout tokenizes only the new one.
    const grown = await runTokenAnalysis({ ...payload, datasetId, numSamples: 25 });
    expect(grown.cached).toBe(24);
    expect(spy).toHaveBeenCalledTimes(2);
  }, 240_000);

  it('gives curation the cached totals per rollout id', async () => {
    const r = await runTokenAnalysis({ ...payload, datasetId });
    const totals = getTokenTotals({ datasetId, tokenizerKey: r.tokenizerKey, templateHash: r.templateHash });
    expect(totals.size).toBeGreaterThanOrEqual(24);
    const sampled = sampleRollouts(listRolloutKeys({ datasetId }), 24, 7, (x) => String(x.id));
    const sum = sampled.reduce((acc, x) => acc + totals.get(x.id)!, 0);
    expect(sum).toBe(r.totalTokens);
    // A different option is a different cache entry: nothing cached for it yet.
    expect(
      getTokenTotals({
        datasetId,
        tokenizerKey: r.tokenizerKey,
        templateHash: r.templateHash,
        removeSystemMessages: true,
      }).size,
    ).toBe(0);
  });

  it('finds the examples that keep zero trained tokens at a max_length', async () => {
    const base = await runTokenAnalysis({ ...payload, datasetId });
    expect(base.zeroTrained.maxLength).toBe(base.recommendedMaxLength);
    expect(base.zeroTrained.count).toBe(0);

    // Every sample conversation has its first trained token after the system preamble.
    const tiny = await runTokenAnalysis({ ...payload, datasetId, maxLength: base.stats.system.max });
    expect(tiny.zeroTrained.count).toBe(24);
    expect(tiny.zeroTrained.ids).toHaveLength(24);

    // In between: exactly the sampled rollouts whose first trained span starts at or past the cut.
    const sampled = sampleRollouts(listRolloutKeys({ datasetId }), 24, 7, (r) => String(r.id));
    const keyOf = (h: string) =>
      analysisCacheKey({
        contentHash: h,
        tokenizerKey: base.tokenizerKey,
        templateHash: base.templateHash,
        removeSystemMessages: false,
      });
    const cache = getCachedStats(sampled.map((r) => keyOf(r.contentHash)));
    const firstStart = (h: string) => cache.get(keyOf(h))!.spans[0]?.[0] ?? -1;
    const cut = sampled.map((r) => firstStart(r.contentHash)).sort((x, y) => x - y)[12];
    const mid = await runTokenAnalysis({ ...payload, datasetId, maxLength: cut });
    const expected = sampled.filter((r) => firstStart(r.contentHash) >= cut).map((r) => r.id);
    expect(mid.zeroTrained.ids).toEqual(expected.sort((x, y) => x - y));
    expect(mid.zeroTrained.count).toBeGreaterThan(0);
    const step = tiny.truncation.find((s) => s.maxLength >= base.stats.total.max);
    expect(step?.zeroTrainedAll).toBe(0);
  });

  it('runs as a job and is the latest analysis of the dataset', async () => {
    const job = await createJob({ kind: 'tokens', payload: { ...payload, datasetId } });
    expect(await runJob(job.id)).toBe(0);
    const done = await getJob({ id: job.id });
    expect(done?.status).toBe('done');
    const latest = await getLatestTokenAnalysis({ datasetId });
    expect(latest?.jobId).toBe(job.id);
    expect(latest?.result.rollouts).toBe(24);
    expect(latest?.result.templateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(done?.result).length).toBeLessThan(20_000); // aggregates only
  });

  it('fails a job with a template syntax error that names its line', async () => {
    const job = await createJob({
      kind: 'tokens',
      payload: {
        ...payload,
        datasetId,
        numSamples: 2,
        chatTemplate: '{% for m in messages %}\n{{ m.content }\n{% endfor %}',
      },
    });
    await runJob(job.id);
    const failed = await getJob({ id: job.id });
    expect(failed?.status).toBe('failed');
    expect(failed?.result).toMatchObject({ kind: 'error', code: 'template_syntax', line: 2 });
  }, 120_000);

  it('says which file is missing from a tokenizer folder', async () => {
    await expect(
      runTokenAnalysis({ ...payload, datasetId, tokenizer: '/nonexistent/tokenizer-folder' }),
    ).rejects.toMatchObject({ code: 'tokenizer_dir_not_found' });
    await expect(runTokenAnalysis({ ...payload, datasetId, tokenizer: process.cwd() + '/lib' })).rejects.toMatchObject({
      code: 'tokenizer_file_missing',
    });
  });
});

describe('tokenHistogram', () => {
  it('bins every value into 1-2-5 width bins', () => {
    const values = [0, 1, 99, 100, 250, 1000];
    const h = tokenHistogram(values, 10);
    expect(h.binWidth).toBe(200);
    expect(h.bins.reduce((s, b) => s + b.count, 0)).toBe(values.length);
    expect(h.bins.at(-1)!.end).toBeGreaterThan(1000);
    const constant = tokenHistogram([624, 624], 30);
    expect(constant.binWidth).toBe(20);
    expect(constant.bins).toHaveLength(5);
    expect(constant.bins.filter((b) => b.count > 0)).toEqual([{ start: 620, end: 640, count: 2 }]);
  });
});
