import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Probe, RecordContext } from '../types';
import { format } from './trl-preference';

const file = fileURLToPath(new URL('../../../test/fixtures/trl-preference/preference.jsonl', import.meta.url));
const records = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as unknown);
const ctx = (record: number): RecordContext => ({ file: 'trl.jsonl', record, line: record + 1 });
const probe = (samples: unknown[]): Probe => ({ fileName: 'trl.jsonl', head: '', samples, container: 'jsonl' });

describe('trl-preference detect', () => {
  it.each([
    ['standard strings', [records[0]], 0.9, /strings \(TRL standard\)/],
    ['conversational', [records[1]], 0.9, /message lists \(TRL conversational\)/],
    ['implicit-prompt conversational', [records[2]], 0.85, /implicit-prompt conversational/],
    ['implicit-prompt strings', [records[3]], 0.2, /without a `prompt`/],
    [
      'ShareGPT DPO turns',
      [{ conversations: [], chosen: { from: 'gpt', value: 'a' }, rejected: { from: 'gpt', value: 'b' } }],
      0.1,
      /not both/,
    ],
    ['chat rows', [{ messages: [] }], 0, /no `chosen` and `rejected`/],
  ])('%s', (_name, samples, score, reason) => {
    const d = format.detect(probe(samples));
    expect(d.score).toBe(score);
    expect(d.reason).toMatch(reason);
  });
});

describe('trl-preference mapRecord', () => {
  it('maps standard strings to a user prompt and assistant answers, with scores as metrics', () => {
    const { rollouts, issues } = format.mapRecord(records[0], ctx(0));
    expect(issues).toEqual([]);
    expect(rollouts[0].messages).toEqual([
      { role: 'user', content: 'The capital of France is' },
      { role: 'assistant', content: ' Paris.' },
    ]);
    expect(rollouts.map((r) => [r.reward, r.metrics, r.promptLength, r.pair])).toEqual([
      [1, { score: 9 }, 1, { id: '0', side: 'chosen' }],
      [0, { score: 2.5 }, 1, { id: '0', side: 'rejected' }],
    ]);
  });

  it('maps conversational prompt + completions', () => {
    const { rollouts } = format.mapRecord(records[1], ctx(1));
    expect(rollouts.map((r) => r.messages.map((m) => m.content))).toEqual([
      ['What colour is the sky?', 'Blue.'],
      ['What colour is the sky?', 'Green.'],
    ]);
    expect(rollouts[0].promptLength).toBe(1);
  });

  it('takes the shared prefix as the prompt for implicit-prompt conversations', () => {
    const { rollouts, issues } = format.mapRecord(records[2], ctx(2));
    expect(issues).toEqual([]);
    expect(rollouts.map((r) => r.promptLength)).toEqual([3, 3]);
    expect(rollouts[1].messages[3].content).toBe('No.');
  });

  it.each([
    [3, '$', /plain strings without a `prompt`/],
    [4, '$.prompt', /prompt is number/],
  ])('skips record %i with an issue at %s', (i, path, message) => {
    const { rollouts, issues } = format.mapRecord(records[i], ctx(i));
    expect(rollouts).toEqual([]);
    expect(issues.some((x) => x.path === path && message.test(x.message))).toBe(true);
  });

  it.each([null, { chosen: [], rejected: [] }, { prompt: 'p', chosen: [{ role: 'assistant' }], rejected: 1 }])(
    'never throws on %j',
    (value) => {
      expect(format.mapRecord(value, ctx(0)).rollouts).toEqual([]);
    },
  );
});
