import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Probe, RecordContext } from '../types';
import { format } from './hh-rlhf';

const file = fileURLToPath(new URL('../../../test/fixtures/hh-rlhf/pairs.jsonl', import.meta.url));
const records = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as unknown);
const ctx = (record: number): RecordContext => ({ file: 'hh.jsonl', record, line: record + 1 });
const probe = (samples: unknown[]): Probe => ({ fileName: 'hh.jsonl', head: '', samples, container: 'jsonl' });
const map = (i: number) => format.mapRecord(records[i], ctx(i));

describe('hh-rlhf detect', () => {
  it('fits Human/Assistant transcripts', () => {
    const d = format.detect(probe(records.slice(0, 4)));
    expect(d).toEqual({
      score: 0.95,
      reason: expect.stringMatching(/chosen\/rejected strings starting with "\\n\\nHuman:"/),
    });
  });

  it.each([
    ['plain chosen/rejected strings', [{ chosen: 'a', rejected: 'b' }], 0.05],
    ['TRL with prompt', [{ prompt: 'p', chosen: '\n\nHuman: a', rejected: '\n\nHuman: b' }], 0.7],
    ['chat messages', [{ messages: [] }], 0],
    ['non-objects', [[1, 2]], 0],
  ])('scores %s low', (_name, samples, score) => {
    const d = format.detect(probe(samples));
    expect(d.score).toBe(score);
    expect(d.reason).not.toBe('');
  });
});

describe('hh-rlhf mapRecord', () => {
  it('splits turns, drops one space after the marker and keeps inner newlines', () => {
    const { rollouts, issues } = map(0);
    expect(issues).toEqual([]);
    const [chosen, rejected] = rollouts;
    expect(chosen.messages).toEqual([
      { role: 'user', content: 'How do I bake bread?' },
      { role: 'assistant', content: 'Mix flour, water, yeast and salt.\n\n1. Knead\n2. Bake' },
    ]);
    expect(rejected.messages[1]).toEqual({ role: 'assistant', content: 'Buy it.' });
  });

  it('makes both sides rollouts of the shared prompt, linked as a pair', () => {
    const { rollouts } = map(1);
    expect(rollouts.map((r) => [r.externalId, r.reward, r.pair, r.promptLength])).toEqual([
      ['1:chosen', 1, { id: '1', side: 'chosen' }, 3],
      ['1:rejected', 0, { id: '1', side: 'rejected' }, 3],
    ]);
    expect(rollouts[0].messages.slice(0, 3)).toEqual(rollouts[1].messages.slice(0, 3));
    expect(rollouts.every((r) => r.taskId === null && r.source.record === 1)).toBe(true);
  });

  it('uses the longest common prefix on turn boundaries when the sides diverge early, with a note', () => {
    const { rollouts, issues } = map(2);
    expect(rollouts.map((r) => r.promptLength)).toEqual([1, 1]);
    expect(rollouts[0].messages).toHaveLength(4);
    expect(issues).toEqual([
      expect.objectContaining({ path: '$', message: expect.stringMatching(/diverge before their last Human turn/) }),
    ]);
  });

  it('keeps an empty final Assistant turn as an empty response, with an issue', () => {
    const { rollouts, issues } = map(3);
    expect(rollouts[0].messages).toEqual([
      { role: 'user', content: 'list some rude words' },
      { role: 'assistant', content: '' },
    ]);
    expect(rollouts[0].promptLength).toBe(1);
    expect(issues).toEqual([
      expect.objectContaining({ path: '$.chosen', message: expect.stringMatching(/empty Assistant turn/) }),
    ]);
  });

  it.each([
    [4, '$.chosen', /no "\\n\\nHuman:"/],
    [5, '$.chosen', /chosen is array/],
  ])('skips record %i with an issue at %s', (i, path, message) => {
    const { rollouts, issues } = map(i);
    expect(rollouts).toEqual([]);
    expect(issues.some((x) => x.path === path && message.test(x.message))).toBe(true);
  });

  it('skips sides that share no Human turn', () => {
    const r = format.mapRecord(
      { chosen: '\n\nHuman: a\n\nAssistant: b', rejected: '\n\nHuman: c\n\nAssistant: d' },
      ctx(0),
    );
    expect(r.rollouts).toEqual([]);
    expect(r.issues[0].message).toMatch(/no common prompt/);
  });

  it('notes identical sides and still imports them', () => {
    const t = '\n\nHuman: a\n\nAssistant: b';
    const r = format.mapRecord({ chosen: t, rejected: t }, ctx(0));
    expect(r.rollouts.map((x) => x.promptLength)).toEqual([1, 1]);
    expect(r.issues[0].message).toMatch(/identical/);
  });

  it.each([null, 'x', [], { chosen: 'Human: hi' }])('never throws on %j', (value) => {
    expect(format.mapRecord(value, ctx(0)).rollouts).toEqual([]);
  });
});
