import { describe, expect, it } from 'vitest';
import { rollout, toolRollout, userToolRollout } from '../../test/fixtures/export/rollouts';
import { readLines, tmpDir } from '../../test/fixtures/export/tmp';
import type { Rollout } from '../formats/types';
import { writeDpoPairs } from './dpo-pairs';
import { writeKto } from './kto';
import { writeOpenAiDpo } from './openai-dpo';
import { checkOpenAiChatLine } from './openai-checks';
import { splitPair } from './preference-split';
import { writeTrlPreference } from './trl-preference';

const good = () => toolRollout({ externalId: 'good', reward: 1 }, 'Order #W1 has shipped.');
const bad = () => toolRollout({ externalId: 'bad', reward: 0 }, 'I cannot help.');

/** Same first turn, different tool results (the environment differed), different answers. */
function divergingAtTool(result: string, answer: string, id: string): Rollout {
  return rollout(
    [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', name: 'get_order', arguments: '{}' }] },
      { role: 'tool', content: result, tool_call_id: 'c1' },
      { role: 'assistant', content: answer },
    ],
    { externalId: id },
  );
}

describe('preference split', () => {
  it('takes the shared prefix and starts continuations at an assistant turn', () => {
    const s = splitPair(
      [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a' },
      ],
      [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'b' },
      ],
    );
    expect(s).toEqual({
      ok: true,
      prompt: [{ role: 'user', content: 'q' }],
      chosen: [{ role: 'assistant', content: 'a' }],
      rejected: [{ role: 'assistant', content: 'b' }],
      divergesAtAssistant: true,
    });
    const same = [
      { role: 'user' as const, content: 'q' },
      { role: 'assistant' as const, content: 'a' },
    ];
    expect(splitPair(same, same)).toEqual({ ok: false, reason: 'identical' });
    expect(splitPair(same, [...same, { role: 'user', content: 'more' }, { role: 'assistant', content: 'x' }])).toEqual({
      ok: false,
      reason: 'one-is-prefix',
    });
  });
});

describe('trl-preference', () => {
  it('writes {prompt, chosen, rejected, tools}', async () => {
    const dir = await tmpDir();
    await writeTrlPreference({ items: [{ chosen: good(), rejected: bad(), gap: 1, split: 'train' }], dir });
    const [line] = await readLines(dir, 'train.jsonl');
    const rec = JSON.parse(line);
    expect(Object.keys(rec)).toEqual(['prompt', 'chosen', 'rejected', 'tools']);
    expect(rec.prompt).toHaveLength(4);
    expect(rec.chosen).toEqual([{ role: 'assistant', content: 'Order #W1 has shipped.' }]);
    expect(rec.rejected).toEqual([{ role: 'assistant', content: 'I cannot help.' }]);
    expect(checkOpenAiChatLine({ messages: [...rec.prompt, ...rec.chosen] })).toEqual([]);
  });

  it('backs up to the assistant turn when the rollouts first differ in a tool result', async () => {
    const dir = await tmpDir();
    const chosen = divergingAtTool('found', 'Here it is.', 'c');
    const rejected = divergingAtTool('error', 'Sorry.', 'r');
    await writeTrlPreference({ items: [{ chosen, rejected, gap: 1, split: 'train' }], dir });
    const rec = JSON.parse((await readLines(dir, 'train.jsonl'))[0]);
    expect(rec.prompt).toEqual([{ role: 'user', content: 'q' }]);
    expect(rec.chosen.map((m: { role: string }) => m.role)).toEqual(['assistant', 'tool', 'assistant']);
  });
});

describe('openai-dpo', () => {
  it('uses the first diverging assistant turn as the single output message', async () => {
    const dir = await tmpDir();
    const result = await writeOpenAiDpo({
      items: [
        { chosen: good(), rejected: bad(), gap: 1, split: 'train' },
        {
          chosen: divergingAtTool('found', 'a', 'c'),
          rejected: divergingAtTool('error', 'b', 'r'),
          gap: 1,
          split: 'train',
        },
      ],
      dir,
    });
    expect(result.counts.skipped).toEqual({ 'diverges-outside-assistant-turn': 1 });
    const rec = JSON.parse((await readLines(dir, 'train.jsonl'))[0]);
    expect(Object.keys(rec)).toEqual(['input', 'preferred_output', 'non_preferred_output']);
    expect(Object.keys(rec.input)).toEqual(['messages', 'tools']);
    expect(rec.preferred_output).toEqual([{ role: 'assistant', content: 'Order #W1 has shipped.' }]);
    expect(rec.non_preferred_output).toEqual([{ role: 'assistant', content: 'I cannot help.' }]);
  });
});

describe('dpo-pairs', () => {
  it('keeps both rollouts in full with the reward gap', async () => {
    const dir = await tmpDir();
    const c = good();
    await writeDpoPairs({ items: [{ chosen: c, rejected: userToolRollout(), gap: 0.75, split: 'train' }], dir });
    const rec = JSON.parse((await readLines(dir, 'train.jsonl'))[0]);
    expect(Object.keys(rec)).toEqual(['chosen', 'rejected', 'reward_gap']);
    expect(rec.reward_gap).toBe(0.75);
    expect(rec.chosen).toEqual({
      id: 'good',
      task_id: 't1',
      trial: 0,
      messages: c.messages,
      tools: c.tools,
      reward: 1,
      metrics: { accuracy: 1 },
    });
    // user-side tool calls stay in the canonical record, marked as such
    expect(rec.rejected.messages[4].tool_calls[0].requestor).toBe('user');
  });
});

describe('kto', () => {
  it('writes prompt, completion and label', async () => {
    const dir = await tmpDir();
    const r = toolRollout({ promptLength: 2 });
    const result = await writeKto({
      items: [
        { rollout: r, label: true, split: 'train' },
        { rollout: rollout([{ role: 'user', content: 'q' }]), label: false, split: 'train' },
      ],
      dir,
    });
    expect(result.counts.skipped).toEqual({ 'no-assistant-turn': 1 });
    const rec = JSON.parse((await readLines(dir, 'train.jsonl'))[0]);
    expect(Object.keys(rec)).toEqual(['prompt', 'completion', 'label', 'tools']);
    expect(rec.prompt.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(rec.completion.map((m: { role: string }) => m.role)).toEqual(['assistant', 'tool', 'assistant']);
    expect(rec.label).toBe(true);
  });
});
