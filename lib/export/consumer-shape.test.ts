/**
 * Regressions found by the fidelity suite (scripts/fidelity: every export loaded by the Python
 * tools people train with). Each test names the consumer that failed on the old output.
 */
import { describe, expect, it } from 'vitest';
import { rollout, toolRollout } from '../../test/fixtures/export/rollouts';
import { readLines, tmpDir } from '../../test/fixtures/export/tmp';
import type { Message, Rollout } from '../formats/types';
import { canonicalRecord, floatJson } from './canonical-record';
import { writeDpoPairs } from './dpo-pairs';
import { encodeKto } from './kto';
import { openAiChatLine } from './openai-chat';
import { writeOpenAiDpo } from './openai-dpo';
import { sftConversation } from './conversation';
import { encodeRolloutsJsonl } from './rollouts-jsonl';
import { messageRow } from './verl-rows';
import { writeTrlPreference } from './trl-preference';

type Msg = { role: string; content?: unknown; tool_calls?: unknown[] };

/** Every message of every conversation in a line, whatever the format's keys. */
function messagesOf(line: Record<string, unknown>): Msg[] {
  const lists = ['messages', 'prompt', 'chosen', 'rejected', 'completion', 'preferred_output', 'non_preferred_output'];
  const input = line.input as { messages?: Msg[] } | undefined;
  return [...lists.flatMap((k) => (line[k] as Msg[] | undefined) ?? []), ...(input?.messages ?? [])];
}

describe('an assistant turn that only calls tools', () => {
  // Qwen3's chat template in Python transformers evaluates `'</think>' in message.content`, which
  // raises on null ("argument of type 'NoneType' is not iterable"): TRL's SFT on the old export
  // failed on the first tool-calling row. Llama 3's template printed null as the text "None".
  it('has content "" in openai-chat, not null', () => {
    const line = openAiChatLine(toolRollout())!;
    expect(line.messages[2]).toMatchObject({ role: 'assistant', content: '' });
    expect(line.messages[2].tool_calls).toHaveLength(1);
  });

  it('has string content in every chat format', async () => {
    const good = toolRollout({ externalId: 'good', reward: 1 });
    const bad = toolRollout({ externalId: 'bad', reward: 0 }, 'I cannot help.');
    const lines: Record<string, unknown>[] = [];
    for (const write of [writeTrlPreference, writeOpenAiDpo]) {
      const dir = await tmpDir();
      await write({ items: [{ chosen: good, rejected: bad, gap: 1, split: 'train' }], dir });
      lines.push(...(await readLines(dir, 'train.jsonl')).map((l) => JSON.parse(l)));
    }
    const kto = encodeKto({ rollout: good, label: true, split: 'train' }, {});
    if ('line' in kto) lines.push(JSON.parse(kto.line));
    lines.push(openAiChatLine(good) as unknown as Record<string, unknown>);
    const calls = lines.flatMap(messagesOf).filter((m) => m.tool_calls?.length);
    expect(calls.length).toBeGreaterThan(0);
    for (const m of calls) expect(m.content).toBe('');
    for (const m of lines.flatMap(messagesOf)) expect(typeof m.content).toBe('string');
  });

  it('has content "" in verl multi-turn rows (pandas reads null as None)', () => {
    const messages = sftConversation(toolRollout())!.map(messageRow);
    expect(messages[2]).toMatchObject({ role: 'assistant', content: '' });
    for (const m of messages) expect(typeof m.content).toBe('string');
  });
});

describe('a prompt that ends with a system message (solo agent, no user turn)', () => {
  // TRL's maybe_apply_chat_template raises "Invalid role in the last message: system" on it, and
  // its DPO/KTO trainers tokenize the prompt the same way: such rows are skipped, with a reason.
  const solo = (id: string, reward: number, answer: string): Rollout =>
    rollout(
      [
        { role: 'system', content: 'You are an agent. Fix the line.' },
        { role: 'assistant', content: null, tool_calls: [{ id: `c${id}`, name: 'get_order', arguments: '{}' }] },
        { role: 'tool', content: 'ok', tool_call_id: `c${id}` },
        { role: 'assistant', content: answer },
      ] as Message[],
      { externalId: id, reward, promptLength: 1 },
    );

  it('is skipped by trl-preference and openai-dpo as prompt-ends-with-system', async () => {
    for (const write of [writeTrlPreference, writeOpenAiDpo]) {
      const dir = await tmpDir();
      const out = await write({
        items: [{ chosen: solo('a', 1, 'Fixed.'), rejected: solo('b', 0, 'Gave up.'), gap: 1, split: 'train' }],
        dir,
      });
      expect(out.counts.skipped).toEqual({ 'prompt-ends-with-system': 1 });
      expect(out.files).toEqual([]);
    }
  });

  it('is skipped by kto as prompt-ends-with-system', () => {
    expect(encodeKto({ rollout: solo('k', 1, 'Fixed.'), label: true, split: 'train' }, {})).toEqual({
      skip: 'prompt-ends-with-system',
    });
  });
});

describe('rewards in rollouts-jsonl and dpo-pairs', () => {
  // pyarrow types a JSON column of integral numbers int64: a train split whose rewards were all
  // written as 0 and 1 could not be loaded together with a test split holding 0.5
  // (datasets.load_dataset casts every split to the first one's types: "Float value 0.5 was truncated").
  it('are written as floats, as Python writes them', async () => {
    const r = toolRollout({ externalId: 'w', reward: 1, metrics: { accuracy: 0, turns: 3, overlap: 0.25 } });
    const line = encodeRolloutsJsonl({ rollout: r, split: 'train' }, {}) as { line: string };
    expect(line.line).toContain('"reward":1.0,"metrics":{"accuracy":0.0,"overlap":0.25,"turns":3.0}}');
    expect(JSON.parse(line.line)).toEqual(canonicalRecord(r));

    const dir = await tmpDir();
    const rejected = toolRollout({ externalId: 'l', reward: 0, metrics: {} }, 'No.');
    await writeDpoPairs({ items: [{ chosen: r, rejected, gap: 1, split: 'train' }], dir });
    const [pair] = await readLines(dir, 'train.jsonl');
    expect(pair).toMatch(/"reward":0\.0,"metrics":\{\}\},"reward_gap":1\.0\}$/);
    expect(JSON.parse(pair)).toEqual({
      chosen: canonicalRecord(r),
      rejected: canonicalRecord(rejected),
      reward_gap: 1,
    });
  });

  it('keep null and non-integral values as they are', () => {
    expect([null, 0.5, -2.0000000000000004, 10, -0].map(floatJson)).toEqual([
      'null',
      '0.5',
      '-2.0000000000000004',
      '10.0',
      '0.0',
    ]);
  });
});
