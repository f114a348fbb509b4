import { describe, expect, it } from 'vitest';
import { checkOpenAiChatLine } from './openai-checks';

const call = (id: string) => ({ id, type: 'function', function: { name: 'f', arguments: '{}' } });
const codes = (line: unknown) =>
  checkOpenAiChatLine(typeof line === 'string' ? line : JSON.stringify(line)).map((i) => i.code);

describe('openai format checks', () => {
  it.each([
    [
      'valid',
      {
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a' },
        ],
      },
      [],
    ],
    ['not json', '{nope', ['data_type']],
    ['no messages', { foo: 1 }, ['missing_messages_list']],
    [
      'bad role',
      {
        messages: [
          { role: 'robot', content: 'x' },
          { role: 'assistant', content: 'a' },
        ],
      },
      ['unrecognized_role'],
    ],
    [
      'missing content key',
      {
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', tool_calls: [call('a')] },
        ],
      },
      ['message_missing_key'],
    ],
    [
      'unknown key',
      {
        messages: [
          { role: 'user', content: 'q', foo: 1 },
          { role: 'assistant', content: 'a' },
        ],
      },
      ['message_unrecognized_key'],
    ],
    [
      'empty assistant',
      {
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: '' },
        ],
      },
      ['empty_assistant_turn'],
    ],
    ['no assistant', { messages: [{ role: 'user', content: 'q' }] }, ['example_missing_assistant_message']],
    [
      'ends on user',
      {
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a' },
          { role: 'user', content: 'q' },
        ],
      },
      ['last_not_assistant'],
    ],
    [
      'unanswered call mid-conversation',
      {
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: null, tool_calls: [call('a')] },
          { role: 'assistant', content: 'x' },
        ],
      },
      ['tool_call_unanswered'],
    ],
    [
      'result for an unknown id',
      {
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: null, tool_calls: [call('a')] },
          { role: 'tool', content: 'r', tool_call_id: 'b' },
          { role: 'assistant', content: 'x' },
        ],
      },
      ['tool_result_unknown_id', 'tool_call_unanswered'],
    ],
    [
      'arguments as an object',
      {
        messages: [
          { role: 'user', content: 'q' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: {} } }],
          },
        ],
      },
      ['tool_call_malformed'],
    ],
  ])('%s', (_name, line, expected) => {
    expect(codes(line)).toEqual(expected);
  });
});
