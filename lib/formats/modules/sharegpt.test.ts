import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Probe, RecordContext } from '../types';
import { format } from './sharegpt';

const dir = fileURLToPath(new URL('../../../test/fixtures/sharegpt/', import.meta.url));
const tools = JSON.parse(readFileSync(dir + 'llamafactory-tools.json', 'utf8')) as unknown[];
const fastchat = JSON.parse(readFileSync(dir + 'fastchat.json', 'utf8')) as unknown[];
const typed = readFileSync(dir + 'v1-typed-parts.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as unknown);
const ctx = (record: number): RecordContext => ({ file: 'sharegpt.json', record });
const probe = (samples: unknown[]): Probe => ({
  fileName: 'sharegpt.json',
  head: '',
  samples,
  container: 'json-array',
});

describe('sharegpt detect', () => {
  it.each([
    ['LLaMA-Factory with tools', tools.slice(0, 4), 0.9, /ShareGPT with tools/],
    ['FastChat', fastchat, 0.9, /FastChat/],
    ['v1 typed parts', typed, 0.9, /typed parts/],
    [
      'ShareGPT DPO',
      [
        {
          conversations: [{ from: 'human', value: 'a' }],
          chosen: { from: 'gpt', value: 'b' },
          rejected: { from: 'gpt', value: 'c' },
        },
      ],
      0.2,
      /preference/,
    ],
    ['OpenAI chat', [{ messages: [{ role: 'user', content: 'a' }] }], 0, /no `conversations` key in the first record/],
  ])('%s', (_name, samples, score, reason) => {
    const d = format.detect(probe(samples));
    expect(d.score).toBe(score);
    expect(d.reason).toMatch(reason);
  });
});

describe('sharegpt mapRecord', () => {
  it('turns function_call/observation into a paired tool call and result, and wraps old-style tools', () => {
    const { rollouts, issues } = format.mapRecord(tools[0], ctx(0));
    expect(issues).toEqual([]);
    const [r] = rollouts;
    expect(r.messages).toEqual([
      { role: 'system', content: 'You are a cook.' },
      { role: 'user', content: 'Find a recipe with rice.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_0_0', name: 'search_recipes', arguments: '{"ingredients":["rice"]}' }],
      },
      { role: 'tool', content: '{"recipes": ["Fried rice"]}', tool_call_id: 'call_0_0', name: 'search_recipes' },
      { role: 'assistant', content: 'Try fried rice.' },
    ]);
    expect(r.tools).toEqual([
      {
        type: 'function',
        function: { name: 'search_recipes', description: 'Search recipes', parameters: expect.any(Object) },
      },
    ]);
    expect(r.taskId).toBeNull();
    expect(r.externalId).toBe('0');
  });

  it.each([
    [1, '[]'],
    [2, '""'],
  ])('record %i: tools %s → no tools, no issue', (i) => {
    const { rollouts, issues } = format.mapRecord(tools[i], ctx(i));
    expect(issues).toEqual([]);
    expect(rollouts[0].tools).toEqual([]);
  });

  it('splits one observation that answers parallel calls into one tool message per call', () => {
    const { rollouts, issues } = format.mapRecord(tools[3], ctx(3));
    expect(issues).toEqual([]);
    const ms = rollouts[0].messages;
    expect(ms[1].tool_calls?.map((c) => c.id)).toEqual(['call_3_0', 'call_3_1']);
    expect(ms.slice(2, 4)).toEqual([
      { role: 'tool', content: '3.14', name: 'circle_area', tool_call_id: 'call_3_0' },
      { role: 'tool', content: '{"area":12.57}', name: 'circle_area', tool_call_id: 'call_3_1' },
    ]);
  });

  it.each([
    [4, '$.conversations[1].value', /not valid JSON/],
    [5, '$.conversations[0].from', /unknown speaker "alien"/],
  ])('skips record %i with an issue at %s', (i, path, message) => {
    const { rollouts, issues } = format.mapRecord(tools[i], ctx(i));
    expect(rollouts).toEqual([]);
    expect(issues.some((x) => x.path === path && message.test(x.message))).toBe(true);
  });

  it('uses the FastChat id as taskId and externalId, and a top-level system string', () => {
    const { rollouts } = format.mapRecord(fastchat[1], ctx(1));
    expect([rollouts[0].taskId, rollouts[0].externalId]).toEqual(['identity_1', 'identity_1']);
    expect(rollouts[0].messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
  });

  it('reads v1 typed parts: reasoning, tool_call parts and a combined tool result', () => {
    const { rollouts, issues } = format.mapRecord(typed[0], ctx(0));
    expect(issues).toEqual([]);
    const ms = rollouts[0].messages;
    expect(ms[2]).toEqual({
      role: 'assistant',
      content: null,
      reasoning: 'Two calls needed.',
      tool_calls: [
        { id: 'call_0_0', name: 'circle_area', arguments: '{"r":1}' },
        { id: 'call_0_1', name: 'circle_area', arguments: '{"r":2}' },
      ],
    });
    expect(ms.slice(3, 5).map((m) => [m.role, m.tool_call_id, m.content])).toEqual([
      ['tool', 'call_0_0', '3.14'],
      ['tool', 'call_0_1', '12.57'],
    ]);
    expect(ms[5]).toEqual({ role: 'assistant', content: '3.14 and 12.57.', reasoning: 'Done.' });
    expect(rollouts[0].tools[0].function.name).toBe('circle_area');
  });

  it.each([
    null,
    { conversations: 'x' },
    { messages: [{ role: 'user', content: [{ type: 'tool_call', value: '{' }] }] },
    { id: 3 },
  ])('never throws on %j', (value) => {
    expect(format.mapRecord(value, ctx(0)).rollouts).toEqual([]);
  });
});
