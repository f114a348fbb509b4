import { describe, expect, it } from 'vitest';
import { redactRollout } from './redact';
import { scanRollout } from './scan-rollout';
import { summarizeFindings } from './summary';
import { randomToken as tok } from './test-helpers';
import type { Message } from '../formats/types';

const ghp = `ghp_${tok(1, 36)}`;
const secretValue = 'Zq8v2LmN4xR7tY1pW3sK9';

const messages: Message[] = [
  { role: 'system', content: 'You are a support agent.' },
  {
    role: 'user',
    content: [
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      { type: 'text', text: `I am bob@example.com` },
    ],
  },
  {
    role: 'assistant',
    content: null,
    reasoning: `use ${ghp}`,
    tool_calls: [
      { id: 'a', name: 'noop', arguments: '{}' },
      { id: 'b', name: 'lookup', arguments: JSON.stringify({ email: 'bob@example.com', card: 4111111111111111 }) },
    ],
  },
  { role: 'tool', tool_call_id: 'b', content: '{"phone": "555-123-2002", "note": "ok"}' },
  { role: 'tool', tool_call_id: 'b', content: '[INFO] call 555-123-2002' },
];

describe('scanRollout', () => {
  const r = { messages, meta: { llm: { api_key: 'EMPTY', headers: { 'x-api-key': secretValue } } }, tools: [] };
  const found = scanRollout(r);

  it('locates each finding by message, field, part, call or path', () => {
    const where = found.map((f) => [f.kind, f.messageIndex, f.field, f.part ?? f.call ?? f.path ?? null]);
    expect(where).toEqual([
      ['email', 1, 'content', 1],
      ['github_token', 2, 'reasoning', null],
      ['email', 2, 'arguments', 1],
      ['phone', 3, 'content', null],
      ['phone', 4, 'content', null],
      ['generic_secret', -1, 'meta', '$.llm.headers["x-api-key"]'],
    ]);
  });

  it('spans index the exact string scanned', () => {
    const args = messages[2].tool_calls![1].arguments;
    const f = found.find((x) => x.field === 'arguments')!;
    expect(args.slice(f.start, f.end)).toBe('bob@example.com');
  });

  it('leaves a card written as a JSON number (it cannot be redacted in place) and an EMPTY api_key', () => {
    expect(found.some((f) => f.kind === 'card_number')).toBe(false);
    expect(found.some((f) => f.path === '$.llm.api_key')).toBe(false);
  });

  it('is deterministic and summarises like `sift scan --json`', () => {
    expect(scanRollout(r)).toEqual(found);
    expect(summarizeFindings([found, []])).toEqual({
      secrets: {
        total: 2,
        byKind: { github_token: 1, generic_secret: 1 },
        byRule: { 'github-pat': 1, 'generic-api-key': 1 },
      },
      personal: { total: 4, byKind: { email: 2, phone: 2 } },
      rollouts: { scanned: 2, withSecrets: 1, withPersonal: 1 },
    });
  });

  it('scans only the categories asked for', () => {
    expect(scanRollout(r, { categories: ['secret'] }).every((f) => f.category === 'secret')).toBe(true);
    expect(scanRollout(r, { categories: ['personal'] }).every((f) => f.category === 'personal')).toBe(true);
  });

  it('looks for secrets only in tool definitions, the same on every call', () => {
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'f', description: `Use ${ghp}; mail something@example.com`, parameters: { type: 'object' } },
      },
    ];
    const x = { messages: [], tools };
    const first = scanRollout(x);
    expect(first.map((f) => [f.kind, f.field, f.path])).toEqual([
      ['github_token', 'tools', '$[0].function.description'],
    ]);
    expect(scanRollout({ messages: [], tools: structuredClone(tools) })).toEqual(first);
    expect(scanRollout(x, { categories: ['personal'] })).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['a card right after an escape', '{"":"\\u0000 4111 1111 1111 1111 "}', '{"":"\\u0000 [REDACTED:card_number] "}'],
    ['a phone right after an escape ending in a digit', '["\\u0000 555-123-2002 "]', '["\\u0000 [REDACTED:phone] "]'],
    ['a long JSON number', '{"":4083049927004781000}', '{"":4083049927004781000}'],
    ['a bare JSON number', '4298090309579151400', '4298090309579151400'],
    ['keys', '{"+@0.AA": "x", "4111 1111 1111 1111": 1}', '{"+@0.AA": "x", "4111 1111 1111 1111": 1}'],
  ])('redaction property regression: %s', (_, args, want) => {
    const x = {
      messages: [{ role: 'assistant' as const, content: null, tool_calls: [{ id: 'c', name: 'f', arguments: args }] }],
      tools: [],
    };
    const out = redactRollout(x, scanRollout(x), { categories: ['personal'] }).rollout.messages[0].tool_calls![0]
      .arguments;
    expect(out).toBe(want);
  });
});
