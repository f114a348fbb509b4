/**
 * Regressions found by the fidelity suite (scripts/fidelity: every export loaded by the Python
 * tools people train with). Each test names the consumer that failed on the old output.
 */
import { describe, expect, it } from 'vitest';
import { toolRollout } from '../../test/fixtures/export/rollouts';
import { readLines, tmpDir } from '../../test/fixtures/export/tmp';
import { encodeKto } from './kto';
import { openAiChatLine } from './openai-chat';
import { writeOpenAiDpo } from './openai-dpo';
import { sftConversation } from './conversation';
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
