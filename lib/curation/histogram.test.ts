import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binCounts, binOf, gapHistogram, makeEdges, rewardHistogram } from './histogram';
import { buildModel } from './model';
import { row } from './test-helpers';

describe('histogram', () => {
  it('produces the same edge doubles as Python literals for 0..1', () => {
    expect(makeEdges(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(makeEdges(0, 1, 10)[3]).toBe(0.3);
  });

  it('puts reward == max in the top bin (seed_pipeline drops it)', () => {
    const h = binCounts([0, 0.2, 0.6, 0.99, 1, 1], [0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(h.counts).toEqual([1, 1, 0, 1, 3]);
  });

  it('follows the real range: grl_sokoban -2..10', () => {
    const m = buildModel(
      [10, -2.0000000000000004, -2.0000000000000004, 4].map((r, i) => row({ id: `${i}`, reward: r })),
    );
    const h = rewardHistogram(m, new Uint8Array([1, 0, 0, 0]), 12);
    expect(h.edges[0]).toBe(-2.0000000000000004);
    expect(h.edges[12]).toBe(10);
    expect(h.kept[11]).toBe(1);
    expect(h.dropped[0]).toBe(2);
    expect(h.kept.reduce((a, b) => a + b) + h.dropped.reduce((a, b) => a + b)).toBe(4);
  });

  it('places every value exactly as edge comparisons would', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.001, max: 20, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 50 }),
        (lo, span, bins, us) => {
          const edges = makeEdges(lo, lo + span, bins);
          for (const u of [...us, 0, 1]) {
            const v = lo + u * span;
            const b = binOf(edges, v);
            if (v < edges[0] || v > edges[bins]) continue;
            let expected = bins - 1;
            for (let i = 0; i < bins; i++) if (edges[i] <= v && v < edges[i + 1]) expected = i;
            expect(b).toBe(expected);
          }
        },
      ),
    );
  });

  it('counts values outside explicit edges separately', () => {
    const h = binCounts([-2, 0.5, 2, NaN], [0, 1]);
    expect([h.counts, h.below, h.above]).toEqual([[1], 1, 1]);
  });

  it('bins pair gaps over [0, max(1, max gap)]', () => {
    const h = gapHistogram(new Float64Array([0.2, 1, 12]), 4);
    expect(h.edges).toEqual([0, 3, 6, 9, 12]);
    expect(h.counts).toEqual([2, 0, 0, 1]);
  });
});
