import { describe, expect, it } from 'vitest';
import { rollout, toolRollout, userToolRollout } from '../../test/fixtures/export/rollouts';
import { listDir, readLines, tmpDir } from '../../test/fixtures/export/tmp';
import { checkOpenAiChatLine } from './openai-checks';
import { openAiChatLine, writeOpenAiChat } from './openai-chat';

describe('openai-chat', () => {
  it('writes the exact line for a tool-using rollout', async () => {
    const dir = await tmpDir();
    const result = await writeOpenAiChat({ items: [{ rollout: toolRollout(), split: 'train' }], dir });
    const lines = await readLines(dir, 'train.jsonl');
    expect(lines).toEqual([
      '{"messages":[' +
        '{"role":"system","content":"You are a support agent."},' +
        '{"role":"user","content":"Where is order #W1?"},' +
        '{"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_order","arguments":"{\\"order_id\\":\\"#W1\\"}"}}]},' +
        '{"role":"tool","content":"{\\"status\\":\\"shipped\\"}","tool_call_id":"call_1","name":"get_order"},' +
        '{"role":"assistant","content":"Order #W1 has shipped."}],' +
        '"tools":[{"type":"function","function":{"name":"get_order","description":"Look up an order.","parameters":{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}}}],' +
        '"parallel_tool_calls":true}',
    ]);
    expect(result.files.map((f) => [f.name, f.rows, f.split])).toEqual([['train.jsonl', 1, 'train']]);
    expect(checkOpenAiChatLine(lines[0])).toEqual([]);
  });

  it('writes content parts as {type, text} whatever key order the database stored them in', () => {
    // the database stores canonical JSON (keys sorted): parts come back as {text, type}
    const stored = JSON.parse(
      '[{"content":[{"text":"look","type":"text"}],"role":"user"},{"content":[{"text":"seen","type":"text"}],"role":"assistant"}]',
    );
    const line = openAiChatLine(rollout(stored));
    expect(JSON.stringify(line!.messages)).toBe(
      '[{"role":"user","content":[{"type":"text","text":"look"}]},{"role":"assistant","content":[{"type":"text","text":"seen"}]}]',
    );
  });

  it('stops at the last assistant turn and skips rollouts without one', async () => {
    const dir = await tmpDir();
    const items = [
      { rollout: userToolRollout(), split: 'train' },
      { rollout: rollout([{ role: 'user', content: 'hello?' }]), split: 'train' },
      { rollout: toolRollout(), split: 'test' },
    ];
    const result = await writeOpenAiChat({ items, dir });
    expect(result.counts).toEqual({ items: 3, written: 2, skipped: { 'no-assistant-turn': 1 } });
    expect(await listDir(dir)).toEqual(['test.jsonl', 'train.jsonl']);
    const [line] = await readLines(dir, 'train.jsonl');
    const msgs = JSON.parse(line).messages;
    expect(msgs.at(-1)).toEqual({ role: 'assistant', content: 'Great, anything else?' });
    expect(checkOpenAiChatLine(line)).toEqual([]);
  });

  it('drops simulated-user tool calls and their results, merging the user turn', () => {
    const line = openAiChatLine(userToolRollout())!;
    expect(line.messages.map((m) => [m.role, m.content])).toEqual([
      ['system', 'Telecom policy.'],
      ['assistant', 'Hi! How can I help you today?'],
      ['user', 'My data is off.'],
      ['assistant', 'Please turn airplane mode off.'],
      ['user', 'Done, it works now.'],
      ['assistant', 'Great, anything else?'],
    ]);
    expect(line.messages.some((m) => m.tool_calls)).toBe(false);
  });

  it('can fold simulated-user tool activity into the user turn as text', () => {
    const line = openAiChatLine(userToolRollout(), { userTools: 'fold' })!;
    expect(line.messages[4]).toEqual({
      role: 'user',
      content:
        '[user called toggle_airplane_mode({})]\n\n[result of toggle_airplane_mode] Airplane mode: OFF\n\nDone, it works now.',
    });
    expect(checkOpenAiChatLine(line)).toEqual([]);
  });

  it('gives every message a content key and drops empty assistant turns', () => {
    const line = openAiChatLine(
      rollout([
        { role: 'user', content: null },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: 'ok', reasoning: 'thinking' },
      ]),
    )!;
    expect(line.messages).toEqual([
      { role: 'user', content: '' },
      { role: 'assistant', content: 'ok' },
    ]);
    const withReasoning = openAiChatLine(
      rollout([
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a', reasoning: 'r' },
      ]),
      {
        reasoning: 'reasoning_content',
      },
    )!;
    expect(withReasoning.messages[1]).toEqual({ role: 'assistant', content: 'a', reasoning_content: 'r' });
  });

  it("endOn 'last-text-assistant' leaves every call answered", () => {
    const r = rollout([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'let me look' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', name: 'get_order', arguments: '{}' }] },
      { role: 'tool', content: 'x', tool_call_id: 'c' },
    ]);
    const trailing = openAiChatLine(r)!;
    expect(trailing.messages).toHaveLength(3);
    expect(checkOpenAiChatLine(trailing)).toEqual([]);
    expect(checkOpenAiChatLine(trailing, { allowTrailingToolCalls: false }).map((i) => i.code)).toEqual([
      'tool_call_unanswered',
    ]);
    const answered = openAiChatLine(r, { endOn: 'last-text-assistant' })!;
    expect(answered.messages.map((m) => m.content)).toEqual(['q', 'let me look']);
  });

  it('writes the same bytes twice', async () => {
    const items = () =>
      [toolRollout(), userToolRollout()].map((r, i) => ({ rollout: { ...r, externalId: `x${i}` }, split: 'train' }));
    const fixed = items();
    const a = await writeOpenAiChat({ items: fixed, dir: await tmpDir() });
    const b = await writeOpenAiChat({ items: fixed, dir: await tmpDir() });
    expect(a.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.files.map((f) => [f.name, f.sha256, f.bytes])).toEqual(a.files.map((f) => [f.name, f.sha256, f.bytes]));
  });
});
