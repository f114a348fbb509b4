import { describe, expect, it } from 'vitest';
import { summarize } from './summary';
import {
  analyzeTruncation,
  maxLengthSteps,
  recommendMaxLength,
  truncationStep,
  type TruncationInput,
} from './truncation';

const row = (total: number, spans: [number, number][]): TruncationInput => ({
  total,
  system: 10,
  assistant: 0,
  conversation: total - 10,
  spans,
  lastSpan: spans.length > 0 ? spans[spans.length - 1] : null,
});

describe('truncation analysis', () => {
  const rows = [
    row(100, [
      [20, 30],
      [80, 100],
    ]),
    row(50, [[40, 50]]),
    row(200, [[150, 200]]),
  ];

  it.each([
    // maxLength, truncated, lostAll, zeroAll, zeroLast
    [45, 3, 20 + 5 + 50, 1, 2],
    [90, 2, 10 + 50, 1, 1],
    [100, 1, 50, 1, 1],
    [200, 0, 0, 0, 0],
  ])('max_length %i', (L, truncated, lostAll, zeroAll, zeroLast) => {
    const s = truncationStep(rows, L);
    expect(s).toMatchObject({ truncated, lostAll, zeroTrainedAll: zeroAll, zeroTrainedLast: zeroLast });
    expect(s.lostAllFraction).toBeCloseTo(lostAll / 90);
  });

  it('recommends the smallest max_length within the loss budget', () => {
    expect(recommendMaxLength(rows, 0, 'all', 1)).toBe(200);
    expect(recommendMaxLength(rows, 0.5, 'all', 1)).toBe(155); // 45 of 90 lost
    expect(recommendMaxLength(rows, 0.5, 'all', 64)).toBe(192);
  });

  it('spaces steps up to the longest example and summarises the counts', () => {
    expect(maxLengthSteps(1000, 4)).toEqual([250, 500, 750, 1000]);
    const r = analyzeTruncation(rows, { numSteps: 4 });
    expect(r.steps.map((s) => s.maxLength)).toEqual([50, 100, 150, 200]);
    expect(r.stats.total).toMatchObject({ count: 3, max: 200, p50: 100 });
    expect(summarize([1, 2, 3, 4]).std).toBeCloseTo(Math.sqrt(1.25));
    expect(summarize([]).count).toBe(0);
  });
});
