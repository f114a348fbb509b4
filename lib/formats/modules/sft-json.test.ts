import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../read/index';
import type { Probe, RecordContext } from '../types';
import { format } from './sft-json';

const file = fileURLToPath(new URL('../../../test/fixtures/sft-json/tau2-sft-dataset.json', import.meta.url));
const text = readFileSync(file, 'utf8');
const doc = JSON.parse(text) as { splits: Record<string, unknown[]> };
/** The records as the json-doc reader yields them for '$.splits.*.*'. */
const records = Object.entries(doc.splits).flatMap(([split, list]) =>
  list.map((value, i) => ({ value, path: ['splits', split, i] })),
);
const ctx = (record: number, path?: (string | number)[]): RecordContext => ({ file: 'sft.json', record, path });

describe('sft-json detect', () => {
  it('fits a tau2 SFT dataset document', () => {
    const probe: Probe = {
      fileName: 'sft.json',
      head: text,
      samples: [doc],
      container: 'json-object',
      topKeys: ['splits'],
    };
    const d = format.detect(probe);
    expect(d.score).toBe(0.95);
    expect(d.reason).toMatch(/tau2 SFT dataset/);
  });

  it('fits from the head alone when the document is too big to sample', () => {
    const probe: Probe = {
      fileName: 'sft.json',
      head: text.slice(0, 300),
      samples: [],
      container: 'json-object',
      topKeys: ['splits'],
    };
    expect(text.slice(0, 300)).not.toContain('task_id');
    expect(format.detect(probe).score).toBe(0.9);
  });

  it.each([
    [
      'a tau2 results file',
      '{"timestamp": "x", "info": {}, "tasks": [], "simulations": []}',
      ['timestamp', 'info', 'tasks', 'simulations'],
      0,
    ],
    ['JSONL chat lines', '{"messages": [{"role": "user", "content": "hi"}]}\n', undefined, 0],
    ['splits without messages', '{"splits": {"train": [{"text": "a"}]}}', ['splits'], 0.2],
  ])('does not claim %s', (_name, head, topKeys, score) => {
    const d = format.detect({ fileName: 'x.json', head, samples: [], container: 'json-object', topKeys });
    expect(d.score).toBe(score);
    expect(d.reason.length).toBeGreaterThan(0);
  });
});

describe('sft-json mapRecord', () => {
  const results = records.map((r, i) => format.mapRecord(r.value, ctx(i, r.path)));

  it('keeps split, task id, simulation id and reward', () => {
    expect(results.map((r) => r.rollouts[0].split)).toEqual(['train', 'train', 'test']);
    expect(results.map((r) => r.rollouts[0].taskId)).toEqual(['7', '8', '[mobile_data_issue]roaming[PERSONA:None]']);
    expect(results.map((r) => r.rollouts[0].externalId)).toEqual(['sim-0001', 'sim-0002', 'sim-0003']);
    expect(results.map((r) => r.rollouts[0].reward)).toEqual([1, 0, 1]);
    expect(results.map((r) => r.rollouts[0].success)).toEqual([true, false, true]);
  });

  it('generates ids for id-less tool calls and pairs the results by position', () => {
    const { rollouts, issues } = results[0];
    expect(issues).toEqual([]);
    const [r] = rollouts;
    const calls = r.messages[3].tool_calls!;
    expect(calls.map((c) => c.id)).toEqual(['call_0_0', 'call_0_1']);
    expect(calls[0]).toEqual({ id: 'call_0_0', name: 'get_reservation', arguments: '{"id": "ABC123"}' });
    expect(r.messages[4]).toMatchObject({ role: 'tool', tool_call_id: 'call_0_0', name: 'get_reservation' });
    expect(r.messages[5]).toMatchObject({ role: 'tool', tool_call_id: 'call_0_1', name: 'get_user' });
    // tool_calls: null on plain turns leaves no tool_calls key
    expect(r.messages[1]).toEqual({ role: 'assistant', content: 'Hi! How can I help you today?' });
    expect(r.tools[0].function.parameters).toHaveProperty('$defs');
  });

  it('accepts tools: null and a numeric-string reward (noted)', () => {
    expect(results[1].rollouts[0].tools).toEqual([]);
    expect(results[2].issues.map((i) => i.path)).toEqual(['$.reward']);
  });

  it.each([
    [null, '$'],
    [{ task_id: '1' }, '$'],
    [{ messages: [{ role: 'user', content: 1 }] }, '$.messages[0].content'],
  ])('skips %j with an issue at %s', (value, path) => {
    const r = format.mapRecord(value, ctx(0, ['splits', 'train', 0]));
    expect(r.rollouts).toEqual([]);
    expect(r.issues[0].path).toBe(path);
  });

  it('leaves split null when the record did not come from a split', () => {
    const r = format.mapRecord(records[1].value, ctx(0));
    expect(r.rollouts[0].split).toBeNull();
  });
});

describe('sft-json layout', () => {
  it('streams every data point with its split path through the json-doc reader', async () => {
    const paths: unknown[] = [];
    for await (const item of readRecords(file, format.layout)) if (item.type === 'record') paths.push(item.path);
    expect(paths).toEqual(records.map((r) => r.path));
  });
});
