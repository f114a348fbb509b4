import { describe, expect, it } from 'vitest';
import { fnv1a32, hashSeedId, unitFloat } from './hash';

describe('hash', () => {
  it('is stable across runs and runtimes (pinned values)', () => {
    // FNV-1a reference value for "a".
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(hashSeedId(0, 'r1')).toBe(hashSeedId(0, 'r1'));
    expect(hashSeedId(1, 'r1')).not.toBe(hashSeedId(0, 'r1'));
    expect(hashSeedId(2 ** 40, 'r1')).not.toBe(hashSeedId(0, 'r1'));
  });

  it('spreads sequential ids evenly over [0, 1)', () => {
    const buckets = new Array(10).fill(0);
    const n = 20000;
    for (let i = 0; i < n; i++) buckets[Math.floor(unitFloat(hashSeedId(7, `rollout-${i}`)) * 10)]++;
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan((n / 10) * 0.08);
  });
});
