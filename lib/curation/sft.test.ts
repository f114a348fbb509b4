import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel } from './model';
import { DEFAULT_SFT, type SftOptions } from './recipe';
import { rewardHistogram } from './histogram';
import { selectSft } from './sft';
import { modelArb, row } from './test-helpers';

const model = buildModel([
  row({
    id: 'a',
    reward: 1,
    success: true,
    taskId: 't1',
    promptKey: 'p1',
    split: 'train',
    metrics: { set_overlap: 0.97 },
  }),
  row({
    id: 'b',
    reward: 1,
    success: false,
    taskId: 't1',
    promptKey: 'p1',
    split: 'test',
    metrics: { set_overlap: 0.5 },
  }),
  row({ id: 'c', reward: 0.96, success: null, taskId: 't2', promptKey: 'p2', split: 'train', metrics: {} }),
  row({
    id: 'd',
    reward: 0.2,
    success: false,
    taskId: 't2',
    promptKey: 'p2',
    split: null,
    metrics: { set_overlap: 1 },
  }),
  row({
    id: 'e',
    reward: null,
    success: true,
    taskId: null,
    promptKey: 'p3',
    split: 'train',
    metrics: { set_overlap: 0.99 },
  }),
]);

const kept = (o: Partial<SftOptions>): string[] => {
  const s = selectSft(model, { ...DEFAULT_SFT, ...o });
  return model.ids.filter((_, i) => s.mask[i] === 1);
};

describe('selectSft', () => {
  it.each<[string, Partial<SftOptions>, string[]]>([
    ['default threshold 0.95; null reward never passes', {}, ['a', 'b', 'c']],
    ['reward == 1 via threshold 1', { minReward: 1 }, ['a', 'b']],
    ['no threshold keeps null rewards too', { minReward: null }, ['a', 'b', 'c', 'd', 'e']],
    ['success only', { successOnly: true }, ['a']],
    [
      'AND: reward == 1 and set_overlap >= 0.95',
      {
        minReward: null,
        where: [
          { metric: 'reward', op: '==', value: 1 },
          { metric: 'set_overlap', op: '>=', value: 0.95 },
        ],
      },
      ['a'],
    ],
    [
      'OR of conditions, ANDed with the threshold',
      {
        combine: 'or',
        where: [
          { metric: 'set_overlap', op: '<', value: 0.6 },
          { metric: 'reward', op: '<', value: 0.99 },
        ],
      },
      ['b', 'c'],
    ],
    [
      'missing metric fails even !=',
      { minReward: null, where: [{ metric: 'set_overlap', op: '!=', value: 0.5 }] },
      ['a', 'd', 'e'],
    ],
    ['task allow-list', { minReward: null, tasks: ['t2'] }, ['c', 'd']],
    ['split allow-list', { minReward: null, splits: ['train'] }, ['a', 'c', 'e']],
    ['prompt allow-list', { minReward: null, prompts: ['p1', 'p3'] }, ['a', 'b', 'e']],
    ['unknown metric matches nothing under AND', { where: [{ metric: 'nope', op: '>', value: 0 }] }, []],
    ['approved-only without a review column keeps nothing', { review: 'approved-only' }, []],
  ])('%s', (_name, options, ids) => {
    expect(kept(options)).toEqual(ids);
  });

  it('counts kept rows, tasks and reward stats', () => {
    const s = selectSft(model, DEFAULT_SFT);
    expect([s.kept, s.dropped, s.tasks, s.min, s.max]).toEqual([3, 2, 2, 0.96, 1]);
    expect(s.mean).toBeCloseTo((1 + 1 + 0.96) / 3, 12);
    expect(selectSft(model, { ...DEFAULT_SFT, where: [{ metric: 'nope', op: '>', value: 0 }] }).unknownMetrics).toEqual(
      ['nope'],
    );
  });

  it('applies the review hook and maxTokens when the columns exist', () => {
    const m = buildModel([
      row({ id: 'a', reward: 1, reviewStatus: 'approved', tokens: 100 }),
      row({ id: 'b', reward: 1, reviewStatus: 'rejected', tokens: 100 }),
      row({ id: 'c', reward: 1, reviewStatus: 'unreviewed', tokens: 5000 }),
      row({ id: 'd', reward: 1, tokens: null }),
    ]);
    const ids = (o: Partial<SftOptions>) => {
      const s = selectSft(m, { ...DEFAULT_SFT, ...o });
      return m.ids.filter((_, i) => s.mask[i]);
    };
    expect(ids({})).toEqual(['a', 'c', 'd']);
    expect(ids({ review: 'approved-only' })).toEqual(['a']);
    expect(ids({ review: 'any', maxTokens: 4096 })).toEqual(['a', 'b', 'd']);
    expect(selectSft(model, { ...DEFAULT_SFT, maxTokens: 10 }).maxTokensIgnored).toBe(true);
  });

  it('threshold-only fast path equals the general counting pass, histogram included', () => {
    fc.assert(
      fc.property(
        modelArb,
        fc.double({ min: -3, max: 11, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        (m, t, bins) => {
          const fast = selectSft(m, { ...DEFAULT_SFT, minReward: t });
          // An always-true condition forces the general path over the same mask.
          const slow = selectSft(m, {
            ...DEFAULT_SFT,
            minReward: t,
            where: [{ metric: 'reward', op: '>', value: -1e308 }],
          });
          expect(fast.threshold).toBe(t);
          expect(slow.threshold).toBeNull();
          expect(Array.from(fast.mask)).toEqual(Array.from(slow.mask));
          expect([fast.kept, fast.dropped, fast.tasks, fast.min, fast.max]).toEqual([
            slow.kept,
            slow.dropped,
            slow.tasks,
            slow.min,
            slow.max,
          ]);
          if (slow.mean === null) expect(fast.mean).toBeNull();
          else expect(fast.mean).toBeCloseTo(slow.mean, 9);
          expect(rewardHistogram(m, fast.mask, bins, t)).toEqual(rewardHistogram(m, slow.mask, bins));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never keeps more than it has and never keeps a null reward under a threshold', () => {
    fc.assert(
      fc.property(modelArb, fc.double({ min: -3, max: 11, noNaN: true }), (m, t) => {
        const s = selectSft(m, { ...DEFAULT_SFT, minReward: t });
        expect(s.kept + s.dropped).toBe(m.n);
        for (let i = 0; i < m.n; i++) {
          if (s.mask[i]) expect(m.reward[i] >= t).toBe(true);
        }
        // Reusing the output buffer gives the same answer.
        const again = selectSft(m, { ...DEFAULT_SFT, minReward: t }, s.mask);
        expect(again.kept).toBe(s.kept);
      }),
    );
  });
});
