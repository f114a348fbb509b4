import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Probe, RecordContext } from '../types';
import { format } from './llamafactory-dpo';

const dir = fileURLToPath(new URL('../../../test/fixtures/llamafactory-dpo/', import.meta.url));
const sharegpt = JSON.parse(readFileSync(dir + 'sharegpt-dpo.json', 'utf8')) as unknown[];
const v1 = readFileSync(dir + 'v1-preference.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as unknown);
const ctx = (record: number): RecordContext => ({ file: 'dpo.json', record });
const probe = (samples: unknown[], container: Probe['container'] = 'json-array'): Probe => ({
  fileName: 'dpo.json',
  head: '',
  samples,
  container,
});

describe('llamafactory-dpo detect', () => {
  it.each([
    ['ShareGPT DPO', sharegpt.slice(0, 2), 0.95, /ShareGPT DPO/],
    ['v1 chosen_messages', v1, 0.95, /chosen_messages/],
    ['plain ShareGPT', [{ conversations: [{ from: 'human', value: 'a' }] }], 0, /no `chosen`\/`rejected` turns/],
    ['TRL rows', [{ prompt: 'a', chosen: 'b', rejected: 'c' }], 0, /no `conversations`/],
  ])('%s', (_name, samples, score, reason) => {
    const d = format.detect(probe(samples));
    expect(d.score).toBe(score);
    expect(d.reason).toMatch(reason);
  });
});

describe('llamafactory-dpo mapRecord (ShareGPT)', () => {
  it('uses the conversation as the prompt and each answer as the last turn', () => {
    const { rollouts, issues } = format.mapRecord(sharegpt[0], ctx(0));
    expect(issues).toEqual([]);
    expect(rollouts.map((r) => [r.externalId, r.reward, r.promptLength, r.messages.at(-1)])).toEqual([
      ['0:chosen', 1, 1, { role: 'assistant', content: 'Soft rain on the roof' }],
      ['0:rejected', 0, 1, { role: 'assistant', content: 'Rain.' }],
    ]);
  });

  it('keeps a system turn and multi-turn history in the prompt', () => {
    const { rollouts } = format.mapRecord(sharegpt[1], ctx(1));
    expect(rollouts[0].messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(rollouts[0].promptLength).toBe(4);
  });

  it('skips an answer whose value is not a string, naming the path', () => {
    const { rollouts, issues } = format.mapRecord(sharegpt[2], ctx(2));
    expect(rollouts).toEqual([]);
    expect(issues[0].path).toBe('$.chosen.value');
  });
});

describe('llamafactory-dpo mapRecord (v1 typed)', () => {
  it('takes the shared prefix as the prompt and keeps loss_weight as weight', () => {
    const { rollouts, issues } = format.mapRecord(v1[0], ctx(0));
    expect(issues).toEqual([]);
    expect(rollouts.map((r) => r.promptLength)).toEqual([1, 1]);
    expect(rollouts[0].messages).toEqual([
      { role: 'user', content: 'Capital of France?', weight: 0 },
      { role: 'assistant', content: 'Paris.', weight: 1 },
    ]);
  });

  it('keeps reasoning parts as reasoning', () => {
    const { rollouts } = format.mapRecord(v1[1], ctx(1));
    expect(rollouts[0].promptLength).toBe(2);
    expect(rollouts[0].messages[2]).toEqual({ role: 'assistant', content: '3.14', reasoning: '3.14159', weight: 1 });
  });

  it.each([null, { chosen_messages: 'x', rejected_messages: [] }, { conversations: [], chosen: null, rejected: null }])(
    'never throws on %j',
    (value) => {
      expect(format.mapRecord(value, ctx(0)).rollouts).toEqual([]);
    },
  );
});
