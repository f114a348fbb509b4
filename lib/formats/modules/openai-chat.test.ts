import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Probe, RecordContext, RecordResult } from '../types';
import { format } from './openai-chat';

const dir = fileURLToPath(new URL('../../../test/fixtures/openai-chat/', import.meta.url));
const lines = (name: string): unknown[] =>
  readFileSync(dir + name, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
const ctx = (record: number): RecordContext => ({ file: 'chat.jsonl', record, line: record + 1 });
const probe = (samples: unknown[]): Probe => ({ fileName: 'chat.jsonl', head: '', samples, container: 'jsonl' });

describe('openai-chat detect', () => {
  it.each([
    ['sft with tools', 'sft-tools.jsonl', 0.9, /OpenAI `messages`.*`tools`/],
    ['bare message lists', 'bare-list.jsonl', 0.85, /bare list/],
    ['RFT prompt-only', 'rft-prompt-only.jsonl', 0.9, /RFT prompts/],
  ])('fits %s', (_name, file, score, reason) => {
    const d = format.detect(probe(lines(file)));
    expect(d.score).toBe(score);
    expect(d.reason).toMatch(reason);
  });

  it.each([
    [
      'KTO rows',
      [
        {
          messages: [
            { role: 'user', content: 'a' },
            { role: 'assistant', content: 'b' },
          ],
          label: true,
        },
      ],
      0.3,
      /`label`/,
    ],
    [
      'typed parts',
      [{ messages: [{ role: 'user', content: [{ type: 'text', value: 'a' }] }] }],
      0.2,
      /\{type, value\}/,
    ],
    [
      'nemo-gym rows',
      [{ responses_create_params: { input: [] }, response: {}, reward: 1 }],
      0,
      /no `messages`.*responses_create_params/,
    ],
    [
      'DPO rows with messages',
      [{ messages: [{ role: 'user', content: 'a' }], chosen: 'x', rejected: 'y' }],
      0.1,
      /another format/,
    ],
    ['nothing readable', [], 0, /no records/],
  ])('does not claim %s', (_name, samples, score, reason) => {
    const d = format.detect(probe(samples));
    expect(d.score).toBe(score);
    expect(d.reason).toMatch(reason);
  });
});

describe('openai-chat mapRecord', () => {
  const sft = lines('sft-tools.jsonl');

  it('maps OpenAI tool calls to canonical calls and keeps tools and parallel_tool_calls', () => {
    const { rollouts, issues } = format.mapRecord(sft[0], ctx(0));
    expect(issues).toEqual([]);
    const [r] = rollouts;
    expect(r.externalId).toBe('0');
    expect(r.taskId).toBeNull();
    expect(r.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(r.messages[2]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_a', name: 'get_weather', arguments: '{"city": "Oslo"}' }],
    });
    expect(r.messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_a', name: 'get_weather' });
    expect(r.messages[4].weight).toBe(1);
    expect(r.tools[0].function.name).toBe('get_weather');
    expect(r.meta).toEqual({ parallelToolCalls: true });
    expect(r.promptLength).toBeUndefined();
    expect(r.source).toEqual({ file: 'chat.jsonl', record: 0, line: 1 });
  });

  it('keeps double-encoded arguments as written, with an issue, and pairs results by id', () => {
    const { rollouts, issues } = format.mapRecord(sft[1], ctx(1));
    const [r] = rollouts;
    expect(r.messages[1].tool_calls?.[0].arguments).toBe('"{\\"city\\": \\"Oslo\\"}"');
    expect(r.messages[1].weight).toBe(0);
    expect(r.messages[1].content).toBe('Checking both.');
    expect(r.messages[2].tool_call_id).toBe('call_2');
    expect(r.messages[3].tool_call_id).toBe('call_1');
    expect(r.messages[4].content).toBe('Oslo 3, Bergen 7.');
    expect(issues).toEqual([
      {
        record: 1,
        line: 2,
        path: '$.messages[1].tool_calls[0].function.arguments',
        message: expect.stringMatching(/double-encoded/),
      },
    ]);
  });

  it('keeps a record whose arguments are not valid JSON, with an issue', () => {
    const { rollouts, issues } = format.mapRecord(sft[2], ctx(2));
    expect(rollouts).toHaveLength(1);
    expect(rollouts[0].messages[2].tool_calls?.[0].arguments).toBe('{"symbol": "BAC"');
    expect(issues.map((i) => i.path)).toEqual(['$.messages[2].tool_calls[0].function.arguments']);
  });

  it('reads a bare list of messages per line', () => {
    const { rollouts, issues } = format.mapRecord(lines('bare-list.jsonl')[0], ctx(0));
    expect(issues).toEqual([]);
    expect(rollouts[0].messages).toEqual([
      { role: 'user', content: 'Name a primary colour.\n' },
      { role: 'assistant', content: 'Red.' },
    ]);
    expect(rollouts[0].tools).toEqual([]);
  });

  it('imports RFT prompt-only records as prompt-only rollouts with the reference answer in meta', () => {
    const [a, b] = lines('rft-prompt-only.jsonl').map((v, i) => format.mapRecord(v, ctx(i)));
    expect(a.issues).toEqual([]);
    expect(a.rollouts[0].promptLength).toBe(2);
    expect(a.rollouts[0].messages.map((m) => m.role)).toEqual(['developer', 'user']);
    expect(a.rollouts[0].meta).toEqual({ promptOnly: true, referenceAnswer: 'SKU-HRB-001' });
    expect(a.rollouts[0].tools).toHaveLength(1);
    expect(b.rollouts[0].meta).toEqual({
      promptOnly: true,
      referenceAnswer: { sku: 'SKU-SMT-002' },
      item: { difficulty: 'easy' },
    });
  });

  const bad = lines('bad-records.jsonl');
  it.each([
    [0, '$.messages', /expected a list of messages, got string/, false],
    [1, '$.messages[1].content', /content is number/, false],
    [2, '$.messages[0].role', /unknown role "narrator"/, false],
    [3, '$.messages[1].tool_calls[0]', /no function name/, false],
    [4, '$', /no `messages`/, false],
    [5, '$.messages[1].weight', /weight is string/, true],
    [6, '$.messages', /empty/, false],
  ])('bad record %i: issue at %s (kept: %s)', (i, path, message, kept) => {
    let result: RecordResult | undefined;
    expect(() => (result = format.mapRecord(bad[i], ctx(i)))).not.toThrow();
    const { rollouts, issues } = result!;
    expect(rollouts.length > 0).toBe(kept);
    expect(issues.some((x) => x.path === path && message.test(x.message))).toBe(true);
    expect(issues.every((x) => x.record === i)).toBe(true);
  });

  it('reports an unreadable tools string and keeps the conversation', () => {
    const { rollouts, issues } = format.mapRecord(bad[5], ctx(5));
    expect(rollouts[0].tools).toEqual([]);
    expect(issues.map((x) => x.path)).toContain('$.tools');
  });

  it.each([null, 7, 'text', [1, 2], { messages: [null] }])('never throws on %j', (value) => {
    const r = format.mapRecord(value, ctx(0));
    expect(r.rollouts).toEqual([]);
    expect(r.issues.length).toBeGreaterThan(0);
  });
});
