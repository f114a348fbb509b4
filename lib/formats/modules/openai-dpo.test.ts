import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Probe, RecordContext } from '../types';
import { format } from './openai-dpo';

const file = fileURLToPath(new URL('../../../test/fixtures/openai-dpo/pairs.jsonl', import.meta.url));
const records = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as unknown);
const ctx = (record: number): RecordContext => ({ file: 'dpo.jsonl', record, line: record + 1 });
const probe = (samples: unknown[]): Probe => ({ fileName: 'dpo.jsonl', head: '', samples, container: 'jsonl' });

describe('openai-dpo detect', () => {
  it('fits OpenAI DPO records', () => {
    const d = format.detect(probe(records.slice(0, 3)));
    expect(d.score).toBe(0.95);
    expect(d.reason).toMatch(/preferred_output/);
  });

  it.each([
    ['chat records', [{ messages: [{ role: 'user', content: 'a' }] }], 0, /no `preferred_output`.*`messages`/],
    ['HH pairs', [{ chosen: 'a', rejected: 'b' }], 0, /no `preferred_output`/],
    ['a partial shape', [{ preferred_output: [] }], 0.3, /not the full/],
  ])('does not claim %s', (_name, samples, score, reason) => {
    const d = format.detect(probe(samples));
    expect(d.score).toBe(score);
    expect(d.reason).toMatch(reason);
  });
});

describe('openai-dpo mapRecord', () => {
  it('makes prompt + output rollouts linked as a pair', () => {
    const { rollouts, issues } = format.mapRecord(records[0], ctx(0));
    expect(issues).toEqual([]);
    expect(rollouts.map((r) => [r.externalId, r.reward, r.pair?.side, r.promptLength, r.messages.length])).toEqual([
      ['0:chosen', 1, 'chosen', 2, 3],
      ['0:rejected', 0, 'rejected', 2, 3],
    ]);
    expect(rollouts[0].messages[2]).toEqual({ role: 'assistant', content: 'Hello' });
    expect(rollouts[1].messages[2]).toEqual({ role: 'assistant', content: 'Good night' });
    expect(rollouts[0].pair?.id).toBe(rollouts[1].pair?.id);
  });

  it('keeps input tools and parallel_tool_calls, and gives id-less output calls a stable id', () => {
    const { rollouts, issues } = format.mapRecord(records[1], ctx(1));
    expect(issues).toEqual([]);
    expect(rollouts[0].tools.map((t) => t.function.name)).toEqual(['get_weather']);
    expect(rollouts[0].meta).toEqual({ parallelToolCalls: false });
    expect(rollouts[0].messages[1].tool_calls).toEqual([
      { id: 'call_1_0', name: 'get_weather', arguments: '{"city":"Oslo"}' },
    ]);
  });

  it('does not share message objects between the two sides', () => {
    const { rollouts } = format.mapRecord(records[0], ctx(0));
    expect(rollouts[0].messages[0]).not.toBe(rollouts[1].messages[0]);
  });

  it.each([
    [2, '$.preferred_output', /empty/],
    [3, '$.input', /input is string/],
  ])('skips record %i with an issue at %s', (i, path, message) => {
    const { rollouts, issues } = format.mapRecord(records[i], ctx(i));
    expect(rollouts).toEqual([]);
    expect(issues.some((x) => x.path === path && message.test(x.message))).toBe(true);
  });

  it('reports a bad output message at its path', () => {
    const r = format.mapRecord(
      {
        input: { messages: [{ role: 'user', content: 'a' }] },
        preferred_output: [{ role: 'assistant', content: 'b' }],
        non_preferred_output: [{ content: 'c' }],
      },
      ctx(0),
    );
    expect(r.rollouts).toEqual([]);
    expect(r.issues[0].path).toBe('$.non_preferred_output[0].role');
  });
});
