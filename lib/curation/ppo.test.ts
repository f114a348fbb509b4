import { describe, expect, it } from 'vitest';
import { buildModel } from './model';
import { ppoStats } from './ppo';
import { row } from './test-helpers';

const rows = (groups: (number | null)[][]) =>
  buildModel(
    groups.flatMap((g, k) =>
      g.map((r, i) => row({ id: `g${k}-${i}`, reward: r, promptKey: `p${k}`, taskId: `t${k % 2}` })),
    ),
  );

describe('ppoStats', () => {
  it('summarizes rewards with sample std and top-inclusive bins', () => {
    const m = rows([[1, 1, 1], [0, 0], [0.5, 0.1, null], [0.9]]);
    const { stats, groupVariance } = ppoStats(m, { bins: 5, groupBy: 'prompt' });
    const xs = [1, 1, 1, 0, 0, 0.5, 0.1, 0.9];
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    expect(stats.count).toBe(8);
    expect(stats.mean).toBeCloseTo(mean, 14);
    expect(stats.std).toBeCloseTo(std, 14);
    expect([stats.min, stats.max]).toEqual([0, 1]);
    expect(stats.bins).toEqual([3, 0, 1, 0, 4]);
    // Groups with >= 2 rewarded rollouts: p0 (all 1), p1 (all 0), p2 (0.5, 0.1).
    expect(stats.groups).toBe(3);
    expect(stats.zeroVarianceGroups).toBe(2);
    expect(stats.zeroVarianceShare).toBeCloseTo(2 / 3, 14);
    expect([stats.allPassGroups, stats.allFailGroups]).toEqual([1, 1]);
    expect(groupVariance[2]).toBeCloseTo(0.08, 14);
    expect(Number.isNaN(groupVariance[3])).toBe(true);
  });

  it('groups by task and accepts explicit edges', () => {
    const m = rows([
      [1, 0],
      [1, 1],
      [-2, 10],
    ]);
    const { stats } = ppoStats(m, { bins: [0, 0.5, 1], groupBy: 'task' });
    expect(stats.bins).toEqual([1, 3]);
    expect([stats.below, stats.above]).toEqual([1, 1]);
    expect(stats.groups).toBe(2);
  });

  it('uses the real range for bins when rewards leave [0, 1]', () => {
    const m = rows([[-2, 10, 10, -2]]);
    const { stats } = ppoStats(m, { bins: 4, groupBy: 'prompt' });
    expect(stats.edges).toEqual([-2, 1, 4, 7, 10]);
    expect(stats.bins).toEqual([2, 0, 0, 2]);
  });
});
