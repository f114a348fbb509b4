import { describe, expect, it } from 'vitest';
import { issueSink } from './issues';
import { pairToolResults, parseTools, toToolSpec } from './tools';
import type { Message } from './types';

const ctx = { file: 'f', record: 3, line: 4 };

describe('tools', () => {
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
});
