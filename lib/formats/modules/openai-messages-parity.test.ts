/**
 * The same OpenAI-shaped messages must import as the same canonical messages whichever format the
 * file is in. Each case is a conversation ending in an assistant turn; every format module that
 * carries OpenAI-shaped messages wraps it in its own record shape (preference formats put the last
 * turn in the chosen side), and the chosen/only rollout's messages are compared.
 *
 * tau2 (tau2-native messages) and nemo-gym (Responses API items) carry other shapes and are not here.
 */
import { describe, expect, it } from 'vitest';
import type { FormatModule, Message, RecordContext } from '../types';
import { format as kto } from './kto';
import { format as llamafactoryDpo } from './llamafactory-dpo';
import { format as openaiChat } from './openai-chat';
import { format as openaiDpo } from './openai-dpo';
import { format as rlDump } from './rl-dump';
import { format as sftJson } from './sft-json';
import { format as sharegpt } from './sharegpt';
import { format as tauBenchV1 } from './tau-bench-v1';
import { format as trlPreference } from './trl-preference';
import { format as verlCsv } from './verl-csv';
import { format as verlParquet } from './verl-parquet';
import { format as verlTrajectories } from './verl-trajectories';

type Raw = Record<string, unknown>;
const other: Raw = { role: 'assistant', content: 'another answer' };

/** How each format carries a conversation `c` (the last message is the judged/answer turn). */
const wrappers: [FormatModule, (c: Raw[]) => unknown][] = [
  [openaiChat, (c) => ({ messages: c })],
  [sftJson, (c) => ({ messages: c, task_id: 't', simulation_id: 's' })],
  [kto, (c) => ({ messages: c, label: true })],
  [sharegpt, (c) => ({ messages: c })],
  [
    openaiDpo,
    (c) => ({ input: { messages: c.slice(0, -1) }, preferred_output: c.slice(-1), non_preferred_output: [other] }),
  ],
  [trlPreference, (c) => ({ prompt: c.slice(0, -1), chosen: c.slice(-1), rejected: [other] })],
  [llamafactoryDpo, (c) => ({ chosen_messages: c, rejected_messages: [...c.slice(0, -1), other] })],
  [rlDump, (c) => ({ prompt: c.slice(0, -1), response: c.slice(-1), reward: 1 })],
  [verlParquet, (c) => ({ messages: c, data_source: 'd' })],
  [verlCsv, (c) => ({ messages: c, data_source: 'd' })],
  [verlTrajectories, (c) => ({ messages_list: c })],
  [tauBenchV1, (c) => ({ task_id: 0, reward: 1, info: {}, traj: c, trial: 0 })],
];

const sys: Raw = { role: 'system', content: 'Be brief.' };
const user: Raw = { role: 'user', content: 'Where is my order?' };
const toCanon = (m: Raw): Message => m as unknown as Message;

interface Case {
  name: string;
  conversation: Raw[];
  /** The canonical messages every format must produce; null = every format skips the record. */
  expected: Message[] | null;
  /** An issue every format must report (a kept record with a problem worth knowing). */
  issue?: RegExp;
}

const cases: Case[] = [
  {
    name: 'plain text turns',
    conversation: [sys, user, { role: 'assistant', content: 'It shipped.' }],
    expected: [sys, user, { role: 'assistant', content: 'It shipped.' }].map(toCanon),
  },
  {
    name: 'reasoning_content wins over reasoning when both are set',
    conversation: [user, { role: 'assistant', content: '4', reasoning: 'short', reasoning_content: 'long form' }],
    expected: [toCanon(user), { role: 'assistant', content: '4', reasoning: 'long form' }],
    issue: /reasoning/,
  },
  {
    name: 'an empty reasoning field carries nothing',
    conversation: [user, { role: 'assistant', content: '4', reasoning_content: '', reasoning: 'kept' }],
    expected: [toCanon(user), { role: 'assistant', content: '4', reasoning: 'kept' }],
  },
  {
    name: 'weight and loss_weight both become Message.weight',
    conversation: [
      user,
      { role: 'assistant', content: 'a', weight: 0 },
      { role: 'user', content: 'again' },
      { role: 'assistant', content: 'b', loss_weight: 1 },
    ],
    expected: [
      toCanon(user),
      { role: 'assistant', content: 'a', weight: 0 },
      { role: 'user', content: 'again' },
      { role: 'assistant', content: 'b', weight: 1 },
    ],
  },
  {
    name: 'a bad weight is reported and ignored',
    conversation: [user, { role: 'assistant', content: 'a', weight: 'high' }],
    expected: [toCanon(user), { role: 'assistant', content: 'a' }],
    issue: /weight is string/,
  },
  {
    name: 'id-less calls get record-stable ids and results pair with them',
    conversation: [
      user,
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', content: 'ok' },
      { role: 'assistant', content: null, function_call: { name: 'g', arguments: '{"x":1}' } },
      { role: 'tool', content: null },
      { role: 'assistant', content: 'done' },
    ],
    expected: [
      toCanon(user),
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_0_0', name: 'f', arguments: '{}' }] },
      { role: 'tool', content: 'ok', tool_call_id: 'call_0_0', name: 'f' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_0_1', name: 'g', arguments: '{"x":1}' }] },
      { role: 'tool', content: '', tool_call_id: 'call_0_1', name: 'g' },
      { role: 'assistant', content: 'done' },
    ],
  },
  {
    name: 'text, image and input_image parts',
    conversation: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'see ' },
          { type: 'image_url', image_url: { url: 'data:a' } },
          { type: 'input_image', image_url: 'data:b' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'a ' },
          { type: 'text', text: 'cat' },
        ],
      },
    ],
    expected: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'see ' },
          { type: 'image_url', image_url: { url: 'data:a' } },
          { type: 'image_url', image_url: { url: 'data:b' } },
        ],
      },
      { role: 'assistant', content: 'a cat' },
    ],
  },
  {
    name: 'a message that is not an object skips the record',
    conversation: [user, 'hello', { role: 'assistant', content: 'a' }] as Raw[],
    expected: null,
  },
  {
    name: 'an unknown role skips the record',
    conversation: [user, { role: 'narrator', content: 'x' }, { role: 'assistant', content: 'a' }],
    expected: null,
  },
  {
    name: 'content of a wrong type skips the record',
    conversation: [user, { role: 'assistant', content: 42 }],
    expected: null,
  },
];

describe('OpenAI-shaped messages import the same in every format', () => {
  const ctx: RecordContext = { file: 'f.jsonl', record: 0, line: 1, path: ['splits', 'train', 0] };
  describe.each(cases)('$name', ({ conversation, expected, issue }) => {
    it.each(wrappers.map(([m, wrap]) => [m.id, m, wrap] as const))('%s', (_id, m, wrap) => {
      const result = m.mapRecord(structuredClone(wrap(conversation)), ctx);
      expect(result.rollouts[0]?.messages ?? null).toEqual(expected);
      if (issue) expect(result.issues.map((i) => i.message)).toContainEqual(expect.stringMatching(issue));
    });
  });
});
