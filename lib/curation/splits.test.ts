import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel } from './model';
import { DEFAULT_SPLIT, type SplitOptions } from './recipe';
import { assignSplits } from './splits';
import { modelArb, row } from './test-helpers';

const optionsArb: fc.Arbitrary<SplitOptions> = fc.record({
  by: fc.constantFrom('task', 'prompt', 'ratio', 'keep'),
  ratio: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant({ train: 8, validation: 1, test: 1 })),
  seed: fc.integer({ min: -5, max: 5 }),
  stratify: fc.boolean(),
}) as fc.Arbitrary<SplitOptions>;

describe('assignSplits', () => {
  it('gives the same split for the same seed, every row assigned, counts add up', () => {
    fc.assert(
      fc.property(modelArb, optionsArb, (m, o) => {
        const a = assignSplits(m, o);
        const b = assignSplits(
          buildModel(
            m.ids.map((id, i) =>
              row({
                id,
                reward: Number.isNaN(m.reward[i]) ? null : m.reward[i],
                promptKey: m.prompts[m.promptIdx[i]],
                taskId: m.tasks[m.taskIdx[i]],
              }),
            ),
          ),
          o,
        );
        expect(Array.from(b.index)).toEqual(Array.from(a.index));
        expect(a.counts.reduce((x, y) => x + y, 0)).toBe(m.n);
        for (const s of a.index) expect(s >= 0 && s < a.names.length).toBe(true);
      }),
    );
  });

  it('never puts one task (or one prompt) in two splits', () => {
    fc.assert(
      fc.property(modelArb, optionsArb, fc.constantFrom<'task' | 'prompt'>('task', 'prompt'), (m, o, by) => {
        const { index } = assignSplits(m, { ...o, by });
        const of = by === 'task' ? m.taskIdx : m.promptIdx;
        const where = new Map<number, number>();
        for (let i = 0; i < m.n; i++) {
          if (of[i] < 0) continue;
          if (!where.has(of[i])) where.set(of[i], index[i]);
          expect(index[i]).toBe(where.get(of[i]));
        }
      }),
    );
  });

  it('splits by ratio close to the requested share, exactly per bucket when stratified', () => {
    const m = buildModel(
      Array.from({ length: 10000 }, (_, i) => row({ id: `id-${i}`, reward: i % 2 ? 1 : (i % 7) / 7 })),
    );
    const plain = assignSplits(m, { ...DEFAULT_SPLIT, by: 'ratio', ratio: 0.2 });
    expect(plain.names).toEqual(['train', 'test']);
    expect(Math.abs(plain.counts[1] - 2000)).toBeLessThan(150);
    const strat = assignSplits(m, { ...DEFAULT_SPLIT, by: 'ratio', ratio: 0.2, stratify: true });
    let testOnes = 0;
    for (let i = 1; i < m.n; i += 2) if (strat.index[i] === 1) testOnes++;
    expect(testOnes).toBe(1000);
    // Exact per bucket (rounded), so the total is off by at most one per bucket.
    expect(Math.abs(strat.counts[1] - 2000)).toBeLessThanOrEqual(11);
    // Another seed moves rows.
    const other = assignSplits(m, { ...DEFAULT_SPLIT, by: 'ratio', ratio: 0.2, seed: 1 });
    expect(Array.from(other.index)).not.toEqual(Array.from(plain.index));
  });

  it('keeps imported splits and sends unsplit rows to train', () => {
    const m = buildModel([
      row({ id: 'a', split: 'test' }),
      row({ id: 'b', split: null }),
      row({ id: 'c', split: 'dev' }),
    ]);
    const s = assignSplits(m, { ...DEFAULT_SPLIT, by: 'keep' });
    expect(s.names).toEqual(['test', 'dev', 'train']);
    expect(Array.from(s.index)).toEqual([0, 2, 1]);
  });

  it('leaves rows outside the mask unassigned', () => {
    const m = buildModel([row({ id: 'a' }), row({ id: 'b' })]);
    const s = assignSplits(m, DEFAULT_SPLIT, new Uint8Array([1, 0]));
    expect(s.index[1]).toBe(-1);
    expect(s.counts.reduce((x, y) => x + y)).toBe(1);
  });
});
