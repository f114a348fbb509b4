import { describe, expect, it } from 'vitest';
import { parseFileAll, resolveFormat } from '../parse-file';
import { fixture, pairingProblems } from '../test-helpers';
import type { Rollout } from '../types';
import { format as nemoGym } from './nemo-gym';

describe('nemo-gym', async () => {
  const { rollouts, issues, summary } = await parseFileAll(fixture('nemo-gym/rollouts.jsonl'));
  const at = (i: number): Rollout => rollouts[i];

  it('reads every line', () => {
    expect(summary).toMatchObject({ format: 'nemo-gym', read: 9, rollouts: 9, skipped: 0 });
  });

  it('maps input + output items, reasoning, calls and tools', () => {
    const r = at(0);
    expect(r).toMatchObject({ taskId: '4', trial: 0, reward: 1, promptLength: 2 });
    expect(r.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(r.messages[2]).toMatchObject({
      content: null,
      reasoning: 'Need to look up.',
      tool_calls: [{ id: 'fc1', name: 'get_order', arguments: '{"id": "7"}' }],
    });
    expect(r.messages[3]).toMatchObject({ tool_call_id: 'fc1', name: 'get_order' });
    expect(r.messages[4]).toEqual({ role: 'assistant', content: 'It shipped.' });
    expect(r.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_order', description: 'Look up an order.', parameters: expect.any(Object), strict: true },
      },
    ]);
    expect(r.metrics).toEqual({ reward: 1, accuracy: 1, set_overlap: 0.5 });
    expect(JSON.stringify(r.messages)).not.toContain('JUDGE');
    expect(r.meta).toMatchObject({ model: 'm1', fields: { expected_answer: 'shipped' } });
    expect(pairingProblems(r.messages)).toEqual([]);
  });

  it.each([
    [
      'string input; trailing reasoning goes to the preceding assistant',
      1,
      { taskId: '4', trial: 1, reward: 0, promptLength: 1 },
    ],
    ['bbq shape', 2, { taskId: 'Age:1', reward: 0.5, promptLength: 0 }],
    ['multichallenge: input only, no reward', 3, { taskId: '1', reward: null, promptLength: 3 }],
    ['swebench: empty output', 4, { reward: 0, promptLength: 1, success: false }],
    [
      'gen-rollouts shape with task_index and user observations',
      5,
      { taskId: '9', reward: -2.0000000000000004, promptLength: 2 },
    ],
    ['NaN reward written by Python', 6, { reward: null, metrics: {} }],
    ['string reward', 7, { reward: 0.75 }],
    ['null reward', 8, { reward: null }],
  ])('%s', (_name, i, expected) => {
    expect(at(i)).toMatchObject(expected);
  });

  it('keeps the trailing reasoning and bbq response', () => {
    expect(at(1).messages[1]).toEqual({ role: 'assistant', content: '2', reasoning: 'trivial' });
    expect(at(2).messages).toEqual([{ role: 'assistant', content: 'The older one.' }]);
    expect(at(2).metrics).toEqual({ reward_answer: 1, reward_explanation_quality: 0.5, reward: 0.5 });
    expect(at(5).messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
  });

  it('reports non-finite and string rewards', () => {
    expect(issues).toEqual([
      expect.objectContaining({ record: 6, line: 7, path: '$.reward', message: expect.stringContaining('NaN') }),
      expect.objectContaining({ record: 7, line: 8, path: '$.reward', message: expect.stringContaining('0.75') }),
    ]);
  });
});

describe('nemo-gym: response.output as cumulative per-step item lists', async () => {
  const file = fixture('nemo-gym/cumulative-steps.jsonl');
  const { rollouts, issues, summary } = await parseFileAll(file);

  it('is recognised, and detection says so', async () => {
    const { format: m, reason } = await resolveFormat(file);
    expect(m.id).toBe('nemo-gym');
    expect(reason).toMatch(/cumulative per-step item lists/);
  });

  it('imports the last, complete step of every record', () => {
    expect(summary).toMatchObject({ read: 2, rollouts: 2, skipped: 0, issues: 0 });
    expect(issues).toEqual([]);
    const [a, b] = rollouts;
    // the user's request arrives inside the step lists: it belongs to the prompt
    expect(a).toMatchObject({ taskId: '0', reward: 1, promptLength: 2 });
    expect(a.messages).toEqual([
      { role: 'system', content: 'You are support. Use the tools.' },
      { role: 'user', content: 'Where is order 7?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', name: 'get_order', arguments: '{"id": "7"}' }] },
      { role: 'tool', content: '{"status": "shipped"}', tool_call_id: 'c1', name: 'get_order' },
      { role: 'assistant', content: 'Order 7 shipped.' },
    ]);
    expect(b).toMatchObject({ taskId: '1', reward: 0, promptLength: 2 });
    expect(b.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(b.messages[4]).toMatchObject({ reasoning: 'Now order 9.', tool_calls: [{ id: 'c2' }] });
    expect(pairingProblems(b.messages)).toEqual([]);
  });

  it('reports an earlier step that is not a prefix of the last one', () => {
    const say = (text: string) => ({ type: 'message', role: 'assistant', content: text });
    const r = nemoGym.mapRecord(
      { response: { output: [[say('draft')], [say('final')]] }, reward: 1 },
      { file: 'f', record: 0, line: 1 },
    );
    expect(r.rollouts[0].messages).toEqual([{ role: 'assistant', content: 'final' }]);
    expect(r.issues).toEqual([
      expect.objectContaining({ path: '$.response.output[0]', message: expect.stringMatching(/not a prefix/) }),
    ]);
  });
});
