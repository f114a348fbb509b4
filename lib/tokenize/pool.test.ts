import { afterAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyze';
import { TokenizeError } from './errors';
import { conversationFor } from './export-shape';
import { TokenizerPool, type PoolBatch } from './pool';
import { loadTokenizer } from './registry';
import { loadFixtures } from './test-support';
import { ITEM_HEADER, ITEM_OK, type BatchResult, type StoredRolloutText } from './worker-protocol';

const items: StoredRolloutText[] = Array.from({ length: 24 }, (_, i) => {
  const f = loadFixtures()[i % 3];
  return { messages: JSON.stringify(f.messages), tools: JSON.stringify(f.tools), meta: null, promptLength: null };
});
const batches = (size: number): PoolBatch[] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, b) => ({ items: items.slice(b * size, b * size + size) }));

function totals(results: Map<number, BatchResult>): number[][] {
  return [...results.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, r]) => {
      const out: number[][] = [];
      for (let o = 0; o < r.data.length; o += ITEM_HEADER + 2 * r.data[o + 7])
        out.push([...r.data.slice(o, o + ITEM_HEADER + 2 * r.data[o + 7])]);
      return out;
    });
}

const pool = TokenizerPool.start({ tokenizer: 'qwen3' }, { workers: 2 });
afterAll(() => pool.close());

describe('tokenizer worker pool', () => {
  it('gives the same results as the analysis in this thread, and stays loaded for the next run', async () => {
    const a = createAnalyzer(await loadTokenizer('qwen3'));
    const expected = items.map((it) => {
      const s = a.analyze(conversationFor({ messages: JSON.parse(it.messages), tools: JSON.parse(it.tools!) })!);
      return [
        ITEM_OK,
        s.total,
        s.system,
        s.systemNoSys,
        s.assistant,
        s.completionStart,
        1,
        s.spans.length,
        ...s.spans.flat(),
      ];
    });
    for (const size of [5, 1]) {
      const results = new Map<number, BatchResult>();
      await pool.run(batches(size), {
        spec: { format: 'openai-chat' },
        onResult: (seq, r) => void results.set(seq, r),
      });
      expect(totals(results)).toEqual(expected);
    }
  });

  it('cancels through an AbortSignal, and the pool still works afterwards', async () => {
    const controller = new AbortController();
    let seen = 0;
    const run = pool.run(batches(1), {
      spec: { format: 'openai-chat' },
      signal: controller.signal,
      onResult: () => {
        if (++seen >= 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'canceled' });
    let after = 0;
    await pool.run(batches(6), { spec: { format: 'openai-chat' }, onResult: () => void after++ });
    expect(after).toBe(4);
  });

  it('reports a template syntax error from the workers with its code and line', async () => {
    const bad = TokenizerPool.start({ tokenizer: 'qwen3', chatTemplate: '{{ a }\n' }, { workers: 1 });
    const err = await bad.ready().catch((e: unknown) => e);
    await bad.close();
    expect(err).toBeInstanceOf(TokenizeError);
    expect(err).toMatchObject({ code: 'template_syntax', line: 1 });
  });
});
