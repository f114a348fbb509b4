import { describe, expect, it } from 'vitest';
import { applyCorrection, findCorrectionIssues } from './corrections';
import { asst, rollout, tool, toolSpec, user } from './test-helpers';
import type { Correction } from './types';

const orderSchema = {
  type: 'object',
  properties: {
    order_id: { type: 'string', pattern: '^#W\\d+$' },
    reason: { enum: ['no longer needed', 'ordered by mistake'] },
    item_ids: { type: 'array', items: { type: 'string' }, minItems: 1 },
  },
  required: ['order_id', 'reason'],
  additionalProperties: false,
};

const r = rollout({
  messages: [
    user('Cancel order #W1, I ordered by mistake.'),
    asst(null, [['c1', 'get_order', '{"order_id":"#W1"}']]),
    tool('c1', '{"status":"pending"}'),
    asst(null, [['c2', 'cancel_pending_order', '{"order_id":"#W1","reason":"ordered by mistake"}']]),
    tool('c2', '{"status":"cancelled"}'),
    asst('Done: your order is cancelled.'),
  ],
  tools: [
    toolSpec('get_order', { type: 'object', properties: { order_id: { type: 'string' } } }),
    toolSpec('cancel_pending_order', orderSchema),
  ],
});

const call = (name: string, args: string) => ({ name, arguments: args });
const issuesOf = (...cs: Correction[]) => findCorrectionIssues(r, cs);

describe('findCorrectionIssues', () => {
  it('accepts a valid tool-call correction and a text correction', () => {
    expect(
      issuesOf(
        {
          messageIndex: 3,
          toolCalls: [call('cancel_pending_order', '{"order_id":"#W1","reason":"no longer needed"}')],
        },
        { messageIndex: 5, content: 'Your order #W1 is cancelled; the refund takes 5–7 days.' },
      ),
    ).toEqual([]);
  });

  it.each<[string, Correction, string, string]>([
    [
      'out of range',
      { messageIndex: 9, content: 'x' },
      'message_out_of_range',
      'message 9: the rollout has 6 messages',
    ],
    [
      'a tool message',
      { messageIndex: 2, content: 'x' },
      'not_assistant',
      'message 2: a tool message cannot be corrected',
    ],
    ['a user message', { messageIndex: 0, content: 'x' }, 'not_assistant', 'message 0: a user message'],
    [
      'an unknown tool',
      { messageIndex: 3, toolCalls: [call('refund', '{}')] },
      'unknown_tool',
      'message 3, tool call 0 (refund): "refund" is not one of this rollout\'s tools (get_order, cancel_pending_order)',
    ],
    [
      'arguments that are not JSON',
      { messageIndex: 1, toolCalls: [call('get_order', '{"order_id": #W1}')] },
      'invalid_json',
      'message 1, tool call 0 (get_order): the arguments are not valid JSON',
    ],
    [
      'arguments that are not an object',
      { messageIndex: 1, toolCalls: [call('get_order', '["#W1"]')] },
      'not_object',
      'message 1, tool call 0 (get_order): the arguments must be a JSON object',
    ],
    [
      'an empty turn',
      { messageIndex: 5, content: '  ', toolCalls: [] },
      'empty',
      'message 5: the corrected turn has neither text nor tool calls',
    ],
  ])('rejects %s', (_name, correction, code, message) => {
    const [issue, ...rest] = issuesOf(correction);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code, level: 'error', messageIndex: correction.messageIndex });
    expect(issue.message).toContain(message);
  });

  it('names the message, the call and each argument path when the schema rejects the arguments', () => {
    const issues = issuesOf({
      messageIndex: 3,
      toolCalls: [
        call('get_order', '{"order_id":"#W1"}'),
        call('cancel_pending_order', '{"order_id":"W1","reason":"changed my mind","item_ids":[3],"force":true}'),
      ],
    });
    expect(issues.map((i) => [i.callIndex, i.argumentPath, i.code])).toEqual([
      [1, 'order_id', 'schema'],
      [1, 'reason', 'schema'],
      [1, 'item_ids[0]', 'schema'],
      [1, 'force', 'schema'],
    ]);
    expect(issues[0].message).toBe(
      'message 3, tool call 1 (cancel_pending_order): argument order_id: value does not match the pattern ^#W\\d+$',
    );
    expect(issues[2].message).toContain('argument item_ids[0]: value type "number" is invalid. Expected "string".');
    expect(issues[3].message).toContain('argument force: is not a parameter of this tool');
  });

  it('reports a missing required argument on the arguments as a whole', () => {
    const [issue] = issuesOf({ messageIndex: 3, toolCalls: [call('cancel_pending_order', '{"order_id":"#W1"}')] });
    expect(issue.argumentPath).toBe('');
    expect(issue.message).toBe(
      'message 3, tool call 0 (cancel_pending_order): arguments: value does not have required property "reason".',
    );
  });

  it('accepts any tool name and checks only JSON when the rollout lists no tools (tau2 results)', () => {
    const bare = { ...r, tools: [] };
    expect(findCorrectionIssues(bare, [{ messageIndex: 3, toolCalls: [call('anything', '{"a":1}')] }])).toEqual([]);
    expect(findCorrectionIssues(bare, [{ messageIndex: 3, toolCalls: [call('anything', 'nope')] }])[0].code).toBe(
      'invalid_json',
    );
  });

  it('warns (does not block) on an unusable schema and on a correction that changes nothing', () => {
    const broken = { ...r, tools: [toolSpec('get_order', { $ref: '#/definitions/missing' })] };
    const issues = findCorrectionIssues(broken, [
      { messageIndex: 1, toolCalls: [call('get_order', '{"order_id":"#W1"}')] },
    ]);
    expect(issues.map((i) => [i.code, i.level])).toEqual([
      ['schema_unusable', 'warning'],
      ['unchanged', 'warning'],
    ]);
  });

  it('rejects two corrections of the same message', () => {
    const issues = issuesOf({ messageIndex: 5, content: 'a' }, { messageIndex: 5, content: 'b' });
    expect(issues.map((i) => [i.correction, i.code])).toEqual([[1, 'duplicate']]);
  });
});

describe('applyCorrection', () => {
  it('replaces calls keeping the original ids by position and making up the rest', () => {
    const fixed = applyCorrection(r.messages[3], {
      messageIndex: 3,
      toolCalls: [call('get_order', '{"order_id":"#W1"}'), call('cancel_pending_order', '{}')],
    });
    expect(fixed.tool_calls?.map((c) => c.id)).toEqual(['c2', 'call_fix_3_1']);
    expect(fixed.content).toBeNull();
    expect(r.messages[3].tool_calls).toHaveLength(1); // the original is never changed
  });

  it('keeps simulated-user calls and drops the policy calls when told to', () => {
    const m = {
      role: 'assistant' as const,
      content: 'ok',
      tool_calls: [
        { id: 'a', name: 'x', arguments: '{}' },
        { id: 'u', name: 'toggle', arguments: '{}', requestor: 'user' as const },
      ],
    };
    expect(applyCorrection(m, { messageIndex: 0, toolCalls: [] }).tool_calls).toEqual([m.tool_calls[1]]);
    expect(
      applyCorrection({ ...m, tool_calls: [m.tool_calls[0]] }, { messageIndex: 0, toolCalls: [] }).tool_calls,
    ).toBeUndefined();
  });
});
