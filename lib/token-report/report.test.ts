import { describe, expect, it } from 'vitest';
import { buildColumns, type RolloutCounts } from './columns';
import {
  computeReport,
  maxLengthSteps,
  summarize,
  tokenHistogram,
  zeroTrainedIds,
  type ReportOptions,
  type TokenReport,
} from './report';
import { fromTokenWire, toTokenWire } from './wire';

const row = (total: number, spans: [number, number][], extra: Partial<RolloutCounts> = {}): RolloutCounts => ({
  total,
  system: 10,
  systemNoSys: 4,
  assistant: 0,
  completionStart: spans.length > 0 ? spans[0][0] : -1,
  spans,
  ...extra,
});

const rows = [
  row(100, [
    [20, 30],
    [80, 100],
  ]),
  row(50, [[40, 50]]),
  row(200, [[150, 200]]),
];
const cols = buildColumns(rows.map((counts, i) => ({ id: i + 1, counts })));
const step = (L: number, o: ReportOptions = {}) => computeReport(cols, { ...o, maxLengths: [L] }).truncation[0];

/** The definition, rollout by rollout: what the suffix sums must reproduce. */
function bruteForce(rs: RolloutCounts[], L: number, mask: 'all' | 'last' | 'completion', removeSystem: boolean) {
  let lost = 0;
  let zero = 0;
  let truncated = 0;
  for (const r of rs) {
    const d = removeSystem && r.systemNoSys >= 0 ? r.system - r.systemNoSys : 0;
    if (r.total - d > L) truncated++;
    let spans = r.spans.map(([a, b]) => [a - d, b - d]);
    if (mask === 'last') spans = spans.slice(-1);
    if (mask === 'completion')
      spans =
        spans.length && r.completionStart >= 0 && r.completionStart < r.spans.at(-1)![1]
          ? [[r.completionStart - d, spans.at(-1)![1]]]
          : [];
    for (const [a, b] of spans) if (b > L) lost += b - Math.max(a, L);
    if (spans.length > 0 && spans[0][0] >= L) zero++;
  }
  return { lost, zero, truncated };
}

describe('truncation from columns', () => {
  it.each([
    // maxLength, truncated, lostAll, zeroAll, zeroLast
    [45, 3, 20 + 5 + 50, 1, 2],
    [90, 2, 10 + 50, 1, 1],
    [100, 1, 50, 1, 1],
    [200, 0, 0, 0, 0],
  ])('max_length %i', (L, truncated, lostAll, zeroAll, zeroLast) => {
    const s = step(L);
    expect(s).toMatchObject({ truncated, lostAll, zeroTrainedAll: zeroAll, zeroTrainedLast: zeroLast });
    expect(s.lostAllFraction).toBeCloseTo(lostAll / 90);
  });

  it('agrees with the rollout-by-rollout definition for every mask, max_length and system setting', () => {
    let seed = 3;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n) | 0;
    const rs: RolloutCounts[] = Array.from({ length: 300 }, () => {
      const system = 5 + rand(40);
      let p = system + rand(5);
      const spans: [number, number][] = [];
      for (let k = rand(5); k > 0; k--) {
        const a = p + rand(30);
        const b = a + 1 + rand(40);
        spans.push([a, b]);
        p = b;
      }
      return {
        total: p + rand(10),
        system,
        systemNoSys: rand(6) === 0 ? -1 : rand(system),
        assistant: rand(100),
        completionStart: spans.length && rand(3) ? spans[0][0] + rand(5) : -1,
        spans,
      };
    });
    const c = buildColumns(rs.map((counts, i) => ({ id: i * 3 + 7, counts })));
    for (const removeSystem of [false, true])
      for (const L of [0, 1, 17, 60, 100, 150, 400]) {
        const s = computeReport(c, { removeSystem, maxLengths: [L] }).truncation[0];
        for (const [mask, lost, zero] of [
          ['all', s.lostAll, s.zeroTrainedAll],
          ['last', s.lostLast, s.zeroTrainedLast],
          ['completion', s.lostCompletion, s.zeroTrainedCompletion],
        ] as const) {
          expect({ lost, zero, truncated: s.truncated }).toEqual(bruteForce(rs, L, mask, removeSystem));
          expect(zeroTrainedIds(c, { mask, removeSystem, maxLength: L }).count).toBe(zero);
        }
      }
    // The wire carries exactly these columns.
    expect(fromTokenWire(JSON.parse(JSON.stringify(toTokenWire(c))))).toEqual(c);
  });

  it('recommends the smallest max_length within the loss budget', () => {
    const rec = (budget: number, roundTo: number, mask: 'all' | 'last' = 'all') =>
      computeReport(cols, { lossBudget: budget, roundTo, mask }).recommendedMaxLength;
    expect(rec(0, 1)).toBe(200);
    expect(rec(0.5, 1)).toBe(155); // 45 of 90 lost
    expect(rec(0.5, 64)).toBe(192);
  });

  it('removing the system prompt moves every position by system - systemNoSys', () => {
    const r: TokenReport = computeReport(cols, { removeSystem: true, maxLengths: [45 - 6] });
    expect(r.truncation[0]).toMatchObject({ truncated: 3, lostAll: 20 + 5 + 50 });
    expect(r.stats.total.max).toBe(194);
    expect(r.stats.system.max).toBe(4);
    expect(r.noSysUnknown).toBe(0);
  });

  it('spaces steps up to the longest example and summarises the counts', () => {
    expect(maxLengthSteps(1000, 4)).toEqual([250, 500, 750, 1000]);
    const r = computeReport(cols, { numSteps: 4 });
    expect(r.truncation.map((s) => s.maxLength)).toEqual([50, 100, 150, 200]);
    expect(r.stats.total).toMatchObject({ count: 3, max: 200, p50: 100 });
    expect(summarize([1, 2, 3, 4]).std).toBeCloseTo(Math.sqrt(1.25));
    expect(summarize([1, 2, 3, 4]).p95).toBeCloseTo(3.85);
    expect(summarize([]).count).toBe(0);
    expect(r.zeroTrained).toMatchObject({ maxLength: r.recommendedMaxLength, mask: 'all' });
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
