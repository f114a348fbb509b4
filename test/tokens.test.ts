/**
 * Token analysis against a fresh SQLite file (test/setup.ts) holding the sample dataset: the
 * TokenCount cache round trip, a second analysis served from the cache without a worker, totals for
 * curation, zero-trained detection, the tokens job end to end, and errors that say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/lib/db/client';
import { getDatasetByName } from '@/lib/db/datasets';
import { createJob, getJob } from '@/lib/db/jobs';
import { SAMPLE_DATASET_NAME, seedSampleOnFirstRun } from '@/lib/db/sample';
import { getLatestTokenAnalysis, listRolloutKeys } from '@/lib/db/token-analyses';
import {
  cacheScope,
  columnsToKey,
  getCachedByKey,
  getCachedResults,
  getTokenTotals,
  keyToColumns,
  putCachedResults,
} from '@/lib/db/token-cache';
import { readTokenColumns } from '@/lib/jobs/token-columns';
import { runJob } from '@/lib/jobs/run-job';
import { runTokenAnalysis, type TokenAnalysisHooks } from '@/lib/jobs/tokens';
import { tokensPayloadSchema } from '@/lib/jobs/tokens-payload';
import { computeReport } from '@/lib/token-report';
import { analysisCacheKey, decodeStats, encodeStats } from '@/lib/token-stats/cache-key';
import type { RolloutTokenStats } from '@/lib/token-stats/rollout-stats';
import { TokenizerPool } from '@/lib/tokenize/pool';
import { sampleRollouts } from '@/lib/tokenize/sample';

let datasetId: number;
// One warm pool for the whole file, as the web server keeps one; `runs` counts analyses that tokenized.
let pool: TokenizerPool;
let runs = 0;
const hooks = (): TokenAnalysisHooks => ({
  pool,
  onProgress: (p) => {
    if (p.done > p.cached && p.done === p.total) runs++;
  },
});
const analyse = async (p: Parameters<typeof runTokenAnalysis>[0]) => (await runTokenAnalysis(p, hooks())).result;

beforeAll(async () => {
  getDb();
  await seedSampleOnFirstRun();
  datasetId = (await getDatasetByName({ name: SAMPLE_DATASET_NAME }))!.id;
  pool = TokenizerPool.start({ tokenizer: 'qwen3' });
});
afterAll(async () => {
  await pool.close();
  await closeDb();
});

const stats = (total: number): RolloutTokenStats => ({
  total,
  system: 10,
  systemNoSys: 4,
  assistant: 5,
  completionStart: 12,
  spans: [[12, 16]],
  exact: true,
});

describe('TokenCount cache', () => {
  it('maps cache keys to columns and back, even when a folder path contains colons', () => {
    for (const tokenizerKey of ['qwen3@0123456789abcdef', 'C:\\models\\x@0123456789abcdef', '/m/a:b@ff']) {
      const key = analysisCacheKey({
        contentHash: 'abc123',
        tokenizerKey,
        templateHash: 'f'.repeat(64),
        shapeKey: 'openai-chat.auto.drop.drop.la',
      });
      const cols = keyToColumns(key);
      expect(cols.contentHash).toBe('abc123');
      expect(cols.tokenizerId).toBe(tokenizerKey);
      expect(columnsToKey(cols)).toBe(key);
    }
    expect(() => keyToColumns('nonsense')).toThrow();
  });

  it('round-trips entries in batches, and a missing key is simply absent', () => {
    const scope = cacheScope({
      tokenizerKey: 't@1',
      templateHash: 'a'.repeat(64),
      shapeKey: 'openai-chat',
      version: 2,
    });
    const hashes = Array.from({ length: 1700 }, (_, i) => `h${i}`);
    putCachedResults(
      scope,
      hashes.map((contentHash, i) => ({ contentHash, result: encodeStats(stats(100 + i)) })),
    );
    const got = getCachedResults(scope, [...hashes, 'nope']);
    expect(got.size).toBe(1700);
    expect(decodeStats(got.get('h1699')!)).toEqual(stats(1799));
    const other = cacheScope({ tokenizerKey: 't@1', templateHash: 'a'.repeat(64), shapeKey: 'kto', version: 2 });
    expect(getCachedResults(other, hashes).size).toBe(0);
    // By full key, as lib/tokenize writes them.
    const key = analysisCacheKey({
      contentHash: 'h3',
      tokenizerKey: 't@1',
      templateHash: 'a'.repeat(64),
      shapeKey: 'openai-chat',
    });
    expect(decodeStats(getCachedByKey([key]).get(key)!)!.total).toBe(103);
    // Overwrite, not duplicate.
    putCachedResults(scope, [{ contentHash: 'h0', result: encodeStats(stats(1)) }]);
    expect(decodeStats(getCachedResults(scope, ['h0']).get('h0')!)!.total).toBe(1);
  });
});

describe('token analysis of the sample dataset', () => {
  const payload = tokensPayloadSchema.parse({ datasetId: 1, tokenizer: 'qwen3', numSamples: 24, seed: 7 });

  it('caches per-rollout results: the second run is served without any worker', async () => {
    runs = 0;
    const first = await analyse({ ...payload, datasetId });
    expect(first.rollouts).toBe(24);
    expect(first.cached).toBe(0);
    expect(runs).toBe(1);

    const second = await analyse({ ...payload, datasetId });
    expect(runs).toBe(1); // nothing was tokenized
    expect(second.cached).toBe(24);
    expect({ ...second, cached: 0, durationMs: 0 }).toEqual({ ...first, durationMs: 0 });

    // The same sample with one more rollout tokenizes only the new one.
    const grown = await analyse({ ...payload, datasetId, numSamples: 25 });
    expect(grown.cached).toBe(24);
    expect(runs).toBe(2);
  }, 240_000);

  it('counts the tau2 system prompt the openai-chat export writes, and both with and without it', async () => {
    const { result: r, columns } = await runTokenAnalysis({ ...payload, datasetId }, hooks());
    expect(r.shapeDescription).toMatch(/^openai-chat: tau2 system prompt rebuilt/);
    expect(r.noSysUnknown).toBe(0);
    const noSys = computeReport(columns, { removeSystem: true });
    expect(noSys.stats.system.max).toBeLessThan(r.stats.system.max);
    expect(noSys.trainedTokens).toEqual(r.trainedTokens);
    // The analysis with the option set stores the same figures the switch computes.
    const stored = await analyse({ ...payload, datasetId, removeSystemMessages: true });
    expect(stored.stats).toEqual(noSys.stats);
    expect(stored.truncation).toEqual(noSys.truncation);
  }, 240_000);

  it('gives curation the cached totals per rollout id', async () => {
    const r = await analyse({ ...payload, datasetId });
    const totals = getTokenTotals({ datasetId, scope: r.cacheScope });
    expect(totals.size).toBeGreaterThanOrEqual(24);
    const sampled = sampleRollouts(listRolloutKeys({ datasetId }), 24, 7, (x) => String(x.id));
    const sum = sampled.reduce((acc, x) => acc + totals.get(x.id)!, 0);
    expect(sum).toBe(r.totalTokens);
    // Without the system prompt: each total shrinks by what the system prompt took.
    const noSys = getTokenTotals({ datasetId, scope: r.cacheScope, removeSystemMessages: true });
    expect(sampled.every((x) => noSys.get(x.id)! < totals.get(x.id)!)).toBe(true);
    // A different export shape is a different cache entry: nothing cached for it yet.
    expect(getTokenTotals({ datasetId, scope: { ...r.cacheScope, templateHash: 'x:kto:v2' } }).size).toBe(0);
  });

  it('finds the examples that keep zero trained tokens at a max_length', async () => {
    const base = await analyse({ ...payload, datasetId });
    expect(base.zeroTrained.maxLength).toBe(base.recommendedMaxLength);
    expect(base.zeroTrained.count).toBe(0);

    // Every sample conversation has its first trained token after the system preamble.
    const tiny = await analyse({ ...payload, datasetId, maxLength: base.stats.system.max });
    expect(tiny.zeroTrained.count).toBe(24);
    expect(tiny.zeroTrained.ids).toHaveLength(24);

    // In between: exactly the sampled rollouts whose first trained span starts at or past the cut.
    const sampled = sampleRollouts(listRolloutKeys({ datasetId }), 24, 7, (r) => String(r.id));
    const cache = getCachedResults(
      base.cacheScope,
      sampled.map((r) => r.contentHash),
    );
    const firstStart = (h: string) => decodeStats(cache.get(h)!)!.spans[0]?.[0] ?? -1;
    const cut = sampled.map((r) => firstStart(r.contentHash)).sort((x, y) => x - y)[12];
    const mid = await analyse({ ...payload, datasetId, maxLength: cut });
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
    // The columns the page recomputes from were written beside the database.
    const columns = await readTokenColumns(job.id);
    expect(columns?.n).toBe(24);
    expect(computeReport(columns!, { numSteps: payload.numSteps }).truncation).toEqual(latest?.result.truncation);
  }, 120_000);

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
