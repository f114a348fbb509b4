import { describe, expect, it } from 'vitest';
import type { RolloutTokenStats } from '../token-stats/rollout-stats';
import { createAnalyzer, type RolloutInput } from './analyze';
import { TokenizeError } from './errors';
import { analyzeRollouts, type AnalysisCache } from './pool';
import { loadTokenizer } from './registry';
import { loadFixtures } from './test-support';

const rollouts: RolloutInput[] = Array.from({ length: 24 }, (_, i) => {
  const f = loadFixtures()[i % 3];
  return { id: `r${i}`, contentHash: `${f.id}-${i}`, messages: f.messages, tools: f.tools };
});

function mapCache(): AnalysisCache & { map: Map<string, RolloutTokenStats> } {
  const map = new Map<string, RolloutTokenStats>();
  return {
    map,
    getCached: (keys) => new Map(keys.filter((k) => map.has(k)).map((k) => [k, map.get(k)!])),
    putCached: (entries) => entries.forEach((e) => map.set(e.key, e.stats)),
  };
}

describe('worker pool', () => {
  it('gives the same results as in-process analysis, with progress and a cache', async () => {
    const a = createAnalyzer(await loadTokenizer('qwen3'));
    const cache = mapCache();
    const progress: number[] = [];
    const out = await analyzeRollouts(
      rollouts,
      { tokenizer: 'qwen3', batchSize: 5, workers: 2, onProgress: (p) => progress.push(p.done) },
      cache,
    );
    expect(out.results.map((r) => (r.ok ? r.stats : r.error))).toEqual(rollouts.map((r) => a.analyze(r)));
    expect(progress.at(-1)).toBe(24);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(cache.map.size).toBe(24);

    const again = await analyzeRollouts(rollouts, { tokenizer: 'qwen3' }, cache);
    expect(again.cached).toBe(24);
    expect(again.results).toEqual(out.results);

    const noSys = await analyzeRollouts(
      rollouts.slice(0, 2),
      { tokenizer: 'qwen3', removeSystemMessages: true },
      cache,
    );
    expect(noSys.cached).toBe(0); // a different option is a different cache key
  });

  it('cancels through an AbortSignal', async () => {
    const controller = new AbortController();
    const run = analyzeRollouts(rollouts, {
      tokenizer: 'qwen3',
      batchSize: 1,
      signal: controller.signal,
      onProgress: (p) => p.done >= 2 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'canceled' });
  });

  it('reports a template syntax error from the workers with its code and line', async () => {
    const err = await analyzeRollouts(rollouts.slice(0, 1), { tokenizer: 'qwen3', chatTemplate: '{{ a }\n' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TokenizeError);
    expect(err).toMatchObject({ code: 'template_syntax', line: 1 });
  });
});
