/**
 * Re-import fidelity: every export Sift writes reads back through Sift's own importer for that
 * format (the full parseFile pipeline: shared reader → module.mapRecord → finalizeRollout) with the
 * same messages the exporter wrote.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFileAll } from '../lib/formats/parse-file';
import type { FormatModule, Message, Rollout } from '../lib/formats/types';
import { format as ktoModule } from '../lib/formats/modules/kto';
import { format as openAiChatModule } from '../lib/formats/modules/openai-chat';
import { format as openAiDpoModule } from '../lib/formats/modules/openai-dpo';
import { format as sftJsonModule } from '../lib/formats/modules/sft-json';
import { format as trlModule } from '../lib/formats/modules/trl-preference';
import { format as verlParquetModule } from '../lib/formats/modules/verl-parquet';
import { promptAndCompletion, sftConversation } from '../lib/export/conversation';
import { writeKto } from '../lib/export/kto';
import { writeOpenAiChat } from '../lib/export/openai-chat';
import { writeOpenAiDpo } from '../lib/export/openai-dpo';
import type { OpenAiMessage } from '../lib/export/openai-messages';
import { splitPair } from '../lib/export/preference-split';
import { writeSftJson } from '../lib/export/sft-json';
import { writeTrlPreference } from '../lib/export/trl-preference';
import { writeVerlSftParquet } from '../lib/export/verl-sft';
import { rollout, toolRollout, userToolRollout } from './fixtures/export/rollouts';
import { tmpDir } from './fixtures/export/tmp';

/** An exported OpenAI-shape message in canonical form: what an importer should give back. */
function canonical(m: OpenAiMessage): Message {
  const out: Message = { role: m.role, content: m.content };
  if (m.tool_calls)
    out.tool_calls = m.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
  if (m.tool_call_id !== undefined) out.tool_call_id = m.tool_call_id;
  if (m.name !== undefined) out.name = m.name;
  return out;
}

/** Only the fields an export carries (importers may add their own, e.g. a tool's name). */
function comparable(messages: Message[]): Message[] {
  return messages.map((m) => {
    const out: Message = { role: m.role, content: m.content };
    if (m.tool_calls?.length)
      out.tool_calls = m.tool_calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }));
    if (m.tool_call_id !== undefined) out.tool_call_id = m.tool_call_id;
    return out;
  });
}

const expectedOf = (messages: OpenAiMessage[]) => comparable(messages.map(canonical));

async function reimport(file: string, module: FormatModule): Promise<Rollout[]> {
  const { rollouts, summary } = await parseFileAll(file, { format: module.id, modules: [module] });
  expect(summary.skipped).toBe(0);
  return rollouts;
}

function parallelRollout(): Rollout {
  return rollout([
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'two orders please' },
    {
      role: 'assistant',
      content: 'Looking both up.',
      tool_calls: [
        { id: 'a', name: 'get_order', arguments: '{"order_id":"1"}' },
        { id: 'b', name: 'get_order', arguments: '{"order_id":"2"}' },
      ],
    },
    { role: 'tool', content: 'one', tool_call_id: 'a' },
    { role: 'tool', content: 'two', tool_call_id: 'b' },
    { role: 'assistant', content: 'Both shipped.' },
  ]);
}

const sftRollouts = () => [toolRollout({ externalId: 's1', taskId: '1' }), userToolRollout(), parallelRollout()];

describe('export → re-import', () => {
  it('openai-chat', async () => {
    const dir = await tmpDir();
    const rs = sftRollouts();
    await writeOpenAiChat({ items: rs.map((r) => ({ rollout: r, split: 'train' })), dir });
    const back = await reimport(path.join(dir, 'train.jsonl'), openAiChatModule);
    expect(back.map((r) => comparable(r.messages))).toEqual(rs.map((r) => expectedOf(sftConversation(r)!)));
    expect(back[0].tools).toEqual(rs[0].tools);
  });

  it('sft-json', async () => {
    const dir = await tmpDir();
    const rs = sftRollouts();
    await writeSftJson({ items: rs.map((r, i) => ({ rollout: r, split: i === 1 ? 'test' : 'train' })), dir });
    const back = await reimport(path.join(dir, 'sft.json'), sftJsonModule);
    // Document order is train (rs[0], rs[2]) then test (rs[1]).
    const order = [rs[0], rs[2], rs[1]];
    expect(back.map((r) => comparable(r.messages))).toEqual(order.map((r) => expectedOf(sftConversation(r)!)));
    expect(back.map((r) => [r.externalId, r.split, r.reward])).toEqual(
      order.map((r, i) => [r.externalId, i === 2 ? 'test' : 'train', r.reward]),
    );
  });

  it('verl-sft-parquet (multi-turn)', async () => {
    const dir = await tmpDir();
    const rs = sftRollouts();
    await writeVerlSftParquet({ items: rs.map((r) => ({ rollout: r, split: 'train' })), dir });
    const back = await reimport(path.join(dir, 'train.parquet'), verlParquetModule);
    expect(back.map((r) => comparable(r.messages))).toEqual(rs.map((r) => expectedOf(sftConversation(r)!)));
  });

  it('trl-preference', async () => {
    const dir = await tmpDir();
    const chosen = toolRollout({}, 'Shipped.');
    const rejected = toolRollout({}, 'No idea.');
    await writeTrlPreference({ items: [{ chosen, rejected, gap: 1, split: 'train' }], dir });
    const back = await reimport(path.join(dir, 'train.jsonl'), trlModule);
    const parts = splitPair(sftConversation(chosen)!, sftConversation(rejected)!);
    if (!parts.ok) throw new Error('fixture pair does not split');
    expect(back.map((r) => r.pair?.side)).toEqual(['chosen', 'rejected']);
    expect(back.map((r) => comparable(r.messages))).toEqual([
      expectedOf([...parts.prompt, ...parts.chosen]),
      expectedOf([...parts.prompt, ...parts.rejected]),
    ]);
  });

  it('openai-dpo', async () => {
    const dir = await tmpDir();
    const chosen = toolRollout({}, 'Shipped.');
    const rejected = toolRollout({}, 'No idea.');
    await writeOpenAiDpo({ items: [{ chosen, rejected, gap: 1, split: 'train' }], dir });
    const back = await reimport(path.join(dir, 'train.jsonl'), openAiDpoModule);
    const parts = splitPair(sftConversation(chosen)!, sftConversation(rejected)!);
    if (!parts.ok) throw new Error('fixture pair does not split');
    expect(back.map((r) => comparable(r.messages))).toEqual([
      expectedOf([...parts.prompt, parts.chosen[0]]),
      expectedOf([...parts.prompt, parts.rejected[0]]),
    ]);
  });

  it('kto', async () => {
    const dir = await tmpDir();
    const rs = [toolRollout({ promptLength: 2 }), parallelRollout()];
    await writeKto({ items: rs.map((r, i) => ({ rollout: r, label: i === 0, split: 'train' })), dir });
    const back = await reimport(path.join(dir, 'train.jsonl'), ktoModule);
    expect(back.map((r) => comparable(r.messages))).toEqual(
      rs.map((r) => {
        const { prompt, completion } = promptAndCompletion(r);
        return expectedOf([...prompt, ...completion]);
      }),
    );
    expect(back.map((r) => r.meta?.label ?? r.success)).toEqual([true, false]);
  });
});
