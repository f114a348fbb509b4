import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactRollout, redactText } from './redact';
import { scanRollout } from './scan-rollout';
import { ALNUM, BASE64, randomToken as tok, sampleJwt } from './test-helpers';
import type { Message, ToolSpec } from '../formats/types';

const PLANTED = [
  `ghp_${tok(1, 36)}`,
  `sk-proj-${tok(2, 120, ALNUM + '-_')}`,
  `AKIA${tok(3, 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  sampleJwt(4),
  `-----BEGIN PRIVATE KEY-----\n${tok(5, 64, BASE64)}\n${tok(6, 40, BASE64)}\n-----END PRIVATE KEY-----`,
  'jane.doe@example.com',
  '555-123-2002',
  '+44 20 7946 0958',
  '4111 1111 1111 1111',
  'DE89 3704 0044 0532 0130 00',
  '203.0.113.195',
];

const rolloutOf = (messages: Message[], meta?: Record<string, unknown>, tools: ToolSpec[] = []) => ({
  messages,
  meta,
  tools,
});
const call = (args: string): Message => ({
  role: 'assistant',
  content: null,
  tool_calls: [{ id: 'c1', name: 'f', arguments: args }],
});

/** Same JSON shape: equal keys, equal non-string leaves; strings may differ. */
function sameShape(a: unknown, b: unknown): boolean {
  if (typeof a === 'string') return typeof b === 'string';
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameShape(x, b[i]));
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object' || Array.isArray(b)) return false;
    const ka = Object.keys(a);
    return ka.join('\0') === Object.keys(b).join('\0') && ka.every((k) => sameShape((a as never)[k], (b as never)[k]));
  }
  return Object.is(a, b);
}

const text = fc.string({ unit: 'binary', maxLength: 12 });
// Spaced: the planted value must be found. Tight: escapes (\n, \u0001, \") touch it, and it may not be.
const planted = fc.tuple(text, fc.constantFrom(...PLANTED), text).map(([a, p, b]) => `${a} ${p} ${b}`);
const tight = fc.tuple(text, fc.constantFrom(...PLANTED), text).map(([a, p, b]) => a + p + b);
const jsonOf = (leaf: fc.Arbitrary<string>) =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 }),
    ),
  })).value;
const jsonValue = jsonOf(fc.oneof(text, planted));
const tightJsonValue = jsonOf(fc.oneof(text, tight, planted));

describe('redaction keeps JSON valid', () => {
  it('tool-call arguments that parsed before parse after, with the same shape, and no planted value left', () => {
    fc.assert(
      fc.property(jsonValue, fc.constantFrom(undefined, 2), (value, indent) => {
        const args = JSON.stringify(value, null, indent) ?? 'null';
        const r = rolloutOf([call(args)]);
        const { rollout } = redactRollout(r, scanRollout(r), { categories: ['secret', 'personal'] });
        const after = rollout.messages[0].tool_calls![0].arguments;
        const parsed = JSON.parse(after);
        expect(sameShape(JSON.parse(args), parsed)).toBe(true);
        for (const p of PLANTED) expect(after.includes(JSON.stringify(p).slice(1, -1))).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('arguments stay valid when escapes touch the planted values', () => {
    fc.assert(
      fc.property(tightJsonValue, (value) => {
        const args = JSON.stringify(value);
        const r = rolloutOf([call(args)]);
        const { rollout } = redactRollout(r, scanRollout(r), { categories: ['secret', 'personal'] });
        expect(sameShape(JSON.parse(args), JSON.parse(rollout.messages[0].tool_calls![0].arguments))).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('arguments that were not JSON are redacted without throwing', () => {
    fc.assert(
      fc.property(fc.tuple(text, fc.constantFrom(...PLANTED), text), ([a, p, b]) => {
        const r = rolloutOf([call(`{${a} ${p} ${b}`)]);
        expect(() => redactRollout(r, scanRollout(r), { categories: ['secret', 'personal'] })).not.toThrow();
      }),
    );
  });

  it('tool results holding JSON text stay valid JSON', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const content = JSON.stringify({ result: value });
        const r = rolloutOf([{ role: 'tool', content, tool_call_id: 'c1' }]);
        const { rollout } = redactRollout(r, scanRollout(r), { categories: ['secret', 'personal'] });
        expect(sameShape(JSON.parse(content), JSON.parse(rollout.messages[0].content as string))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('redactRollout', () => {
  const ghp = PLANTED[0];
  const r = rolloutOf(
    [
      { role: 'user', content: [{ type: 'text', text: `mail jane.doe@example.com key ${ghp}` }] },
      { role: 'assistant', content: 'ok', reasoning: `the key is ${ghp}` },
    ],
    { run: { api_key: 'Zq8v2LmN4xR7tY1pW3sK9', note: 'from jane.doe@example.com' } },
  );
  const findings = scanRollout(r);

  it('redacts secrets by default and leaves personal data', () => {
    const { rollout, counts } = redactRollout(r, findings);
    expect(rollout.messages[0].content).toEqual([
      { type: 'text', text: 'mail jane.doe@example.com key [REDACTED:github_token]' },
    ]);
    expect(rollout.messages[1].reasoning).toBe('the key is [REDACTED:github_token]');
    expect(rollout.meta).toEqual({ run: { api_key: '[REDACTED:generic_secret]', note: 'from jane.doe@example.com' } });
    expect(counts).toEqual({ github_token: 2, generic_secret: 1 });
  });

  it('redacts personal data when asked, and never mutates its input', () => {
    const before = JSON.stringify(r);
    const { rollout, counts } = redactRollout(r, findings, { categories: ['secret', 'personal'] });
    expect((rollout.meta as { run: { note: string } }).run.note).toBe('from [REDACTED:email]');
    expect(counts.email).toBe(2);
    expect(JSON.stringify(r)).toBe(before);
  });

  it('returns the same object when there is nothing to redact', () => {
    const clean = rolloutOf([{ role: 'user', content: 'hello' }]);
    expect(redactRollout(clean, scanRollout(clean)).rollout).toBe(clean);
  });

  it('redactText replaces spans in order and skips overlaps', () => {
    expect(
      redactText('a 123 b 456', [
        { kind: 'phone', start: 8, end: 11 },
        { kind: 'email', start: 2, end: 5 },
        { kind: 'iban', start: 3, end: 4 },
      ]),
    ).toBe('a [REDACTED:email] b [REDACTED:phone]');
  });
});
