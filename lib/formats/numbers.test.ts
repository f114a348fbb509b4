import { describe, expect, it } from 'vitest';
import { issueSink } from './issues';
import { parseReward, toFiniteNumber } from './numbers';

const ctx = { file: 'f', record: 3, line: 4 };

describe('numbers', () => {
  it.each<[unknown, number | null, boolean]>([
    [1, 1, false],
    [null, null, false],
    [undefined, null, false],
    [true, 1, false],
    ['0.5', 0.5, true],
    ['NaN', null, true],
    [NaN, null, true],
    [Infinity, null, true],
    [{}, null, true],
  ])('parseReward(%j) → %j (issue: %s)', (v, expected, hasIssue) => {
    const sink = issueSink(ctx);
    expect(parseReward(v, sink, '$.reward')).toBe(expected);
    expect(sink.issues.length > 0).toBe(hasIssue);
    if (hasIssue) expect(sink.issues[0]).toMatchObject({ record: 3, line: 4, path: '$.reward' });
  });

  it('toFiniteNumber', () => {
    expect([
      toFiniteNumber('1e3'),
      toFiniteNumber(' 2 '),
      toFiniteNumber('0x10'),
      toFiniteNumber(10n),
      toFiniteNumber(2n ** 60n),
    ]).toEqual([1000, 2, undefined, 10, undefined]);
  });
});
