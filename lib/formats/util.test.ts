import { describe, expect, it } from 'vitest';
import type { Message } from './types';
import {
  issueSink,
  pairToolResults,
  parseLooseJson,
  parseReward,
  parseTools,
  textOf,
  toFiniteNumber,
  toToolSpec,
} from './util';

const ctx = { file: 'f', record: 3, line: 4 };

describe('util', () => {
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

  it('textOf handles every content shape', () => {
    expect(
      textOf([
        { type: 'output_text', text: 'a' },
        { type: 'text', value: 'b' },
        { type: 'image_url', image_url: { url: 'u' } },
      ]),
    ).toBe('ab');
    expect(textOf(null)).toBe('');
  });

  it('tool specs from nested, flat and JSON-string forms', () => {
    const flat = { type: 'function', name: 'f', parameters: { type: 'object' } };
    expect(toToolSpec(flat)).toEqual({ type: 'function', function: { name: 'f', parameters: { type: 'object' } } });
    const sink = issueSink(ctx);
    expect(parseTools(JSON.stringify([{ name: 'g', description: 'd' }]), sink, '$.tools')).toEqual([
      { type: 'function', function: { name: 'g', description: 'd' } },
    ]);
    expect(parseTools('', sink, '$.tools')).toEqual([]);
    expect(parseTools('{bad', sink, '$.tools')).toEqual([]);
    expect(sink.issues).toHaveLength(1);
  });

  it('pairs tool results by id, by position, and reports orphans', () => {
    const msgs: Message[] = [
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'a', name: 'x', arguments: '{}' },
          { id: 'b', name: 'y', arguments: '{}' },
        ],
      },
      { role: 'tool', content: '1' },
      { role: 'tool', content: '2', tool_call_id: 'b' },
      { role: 'tool', content: '3' },
    ];
    const sink = issueSink(ctx);
    pairToolResults(msgs, sink);
    expect(msgs.slice(1).map((m) => [m.tool_call_id, m.name])).toEqual([
      ['a', 'x'],
      ['b', 'y'],
      [undefined, undefined],
    ]);
    expect(sink.issues).toHaveLength(1);
  });

  it('parses python repr cells', () => {
    expect(parseLooseJson("{'a': None, 'b': True, 'c': [1, 2.5, 'x\\'y'], 'd': (1,)}")).toEqual({
      a: null,
      b: true,
      c: [1, 2.5, "x'y"],
      d: [1],
    });
    expect(parseLooseJson('{"a": 1}')).toEqual({ a: 1 });
    expect(parseLooseJson("{'a': ")).toBeUndefined();
  });
});
