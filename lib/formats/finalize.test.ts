import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalMessage } from './canonical-json';
import { defaultPromptLength, finalizeRollout, storedMessagesJson } from './finalize';
import type { Message, RolloutDraft } from './types';

const draft = (over: Partial<RolloutDraft> = {}): RolloutDraft => ({
  externalId: 'x',
  taskId: 't',
  trial: 0,
  messages: [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'hello' },
  ],
  tools: [],
  reward: 1,
  metrics: {},
  success: null,
  split: null,
  source: { file: 'f', record: 0 },
  ...over,
});

describe('finalizeRollout', () => {
  it('hashes independently of key order and source position', () => {
    const a = finalizeRollout(draft());
    const b = finalizeRollout(
      draft({
        externalId: 'other',
        source: { file: 'g', record: 9 },
        messages: [
          { content: 'sys', role: 'system' },
          { content: 'hi', role: 'user' },
          { content: 'hello', role: 'assistant' },
        ],
      }),
    );
    expect(a.promptKey).toMatch(/^[0-9a-f]{32}$/);
    expect(b.promptKey).toBe(a.promptKey);
    expect(b.contentHash).toBe(a.contentHash);
  });

  it('groups by prompt: a different answer keeps promptKey, changes contentHash', () => {
    const a = finalizeRollout(draft());
    const b = finalizeRollout(
      draft({ messages: [...draft().messages.slice(0, 2), { role: 'assistant', content: 'other' }] }),
    );
    expect(b.promptKey).toBe(a.promptKey);
    expect(b.contentHash).not.toBe(a.contentHash);
    const c = finalizeRollout(draft({ reward: 0 }));
    expect(c.contentHash).not.toBe(a.contentHash);
  });

  it('sanitizes metrics and non-finite rewards', () => {
    const r = finalizeRollout(
      draft({
        reward: NaN,
        metrics: { a: Infinity, b: true as unknown as number, c: 0.5, d: 'x' as unknown as number },
      }),
    );
    expect(r.reward).toBeNull();
    expect(r.metrics).toEqual({ b: 1, c: 0.5 });
  });

  it.each<[string, Message['role'][], number]>([
    ['system, user, assistant', ['system', 'user', 'assistant'], 2],
    ['tau2 greeting first', ['system', 'assistant', 'user', 'assistant'], 3],
    ['solo agent, no user', ['system', 'assistant', 'tool', 'assistant'], 1],
    ['prompt only', ['system', 'user'], 2],
    ['assistant only', ['assistant'], 0],
    ['empty', [], 0],
  ])('default prompt length: %s', (_n, roles, expected) => {
    expect(defaultPromptLength(roles.map((role) => ({ role, content: '' })))).toBe(expected);
  });

  it('canonicalMessage equals canonicalJson for any message', () => {
    const call = fc.record(
      {
        id: fc.string(),
        name: fc.string(),
        arguments: fc.string(),
        requestor: fc.option(fc.constant('user' as const), { nil: undefined }),
      },
      { requiredKeys: ['id', 'name', 'arguments'] },
    );
    const msg = fc.record(
      {
        role: fc.constantFrom('system', 'user', 'assistant', 'tool'),
        content: fc.oneof(
          fc.string(),
          fc.constant(null),
          fc.array(fc.record({ type: fc.constant('text'), text: fc.string() })),
        ),
        tool_calls: fc.array(call),
        tool_call_id: fc.string(),
        name: fc.string(),
        reasoning: fc.string(),
        weight: fc.double(),
        error: fc.boolean(),
        extra: fc.jsonValue(),
      },
      { requiredKeys: ['role', 'content'] },
    );
    fc.assert(fc.property(msg, (m) => canonicalMessage(m) === canonicalJson(m)));
  });

  it('stores the canonical text of the messages: the same values as JSON.stringify', () => {
    const messages: Message[] = [
      { role: 'user', content: 'hi "there"' },
      { content: null, role: 'assistant', tool_calls: [{ name: 'f', id: 'c1', arguments: '{"a":1}' }] },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'ok' }] },
      { role: 'assistant', content: 'done', weight: 0.5 },
    ];
    const r = finalizeRollout(draft({ messages }));
    expect(storedMessagesJson(r.messages)).toBe(canonicalJson(messages));
    expect(JSON.parse(storedMessagesJson(r.messages))).toEqual(messages);
    // A conversation replaced after finalizing is not served stale text.
    const replaced = [...r.messages, { role: 'user' as const, content: 'more' }];
    expect(storedMessagesJson(replaced)).toBe(JSON.stringify(replaced));
    expect(storedMessagesJson([])).toBe('[]');
  });
});
