/**
 * The stored-bytes openai-chat encoder (lib/export/openai-chat-stored.ts) against the general path
 * it stands in for: fromStoredRollout + encodeOpenAiChat on the same stored row. Wherever the fast
 * path answers, its bytes must be the general path's; where it cannot, it must say so (null) and
 * write nothing. It must also answer for the shapes real data has, or it is no fast path at all.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromStoredRollout, toRolloutRow, type StoredRollout } from '../lib/db/rollout-row';
import { ByteSink } from '../lib/export/byte-sink';
import { encodeOpenAiChat, type OpenAiChatOptions } from '../lib/export/openai-chat';
import { OpenAiChatStoredEncoder, type StoredLineResult } from '../lib/export/openai-chat-stored';
import { canonicalJson } from '../lib/formats/canonical-json';
import { parseFileAll } from '../lib/formats/parse-file';
import type { Rollout } from '../lib/formats/types';

const utf8 = new TextEncoder();
const ROOT = path.resolve(import.meta.dirname, '..');

function storedRow(messages: string, tools = '[]', meta = '{}'): StoredRollout {
  return {
    id: 1,
    externalId: 'r1',
    taskId: null,
    trial: null,
    promptKey: 'k',
    reward: 1,
    success: null,
    split: null,
    metrics: '{}',
    sourceFile: 'f',
    sourceRecord: 0,
    sourceLine: null,
    contentHash: 'h',
    pairId: null,
    pairSide: null,
    promptLength: null,
    messages,
    tools,
    meta,
  };
}

type General = { line: string } | { skip: string } | { error: true };

function general(row: StoredRollout, options: OpenAiChatOptions): General {
  try {
    const out = encodeOpenAiChat({ rollout: fromStoredRollout(row), split: 'train' }, options);
    return 'skip' in out ? { skip: out.skip } : { line: out.line };
  } catch {
    return { error: true };
  }
}

/** The stored bytes at byte offset `shift` of their buffer (the scanner reads words when aligned). */
function bytesAt(text: string, shift: number): Uint8Array {
  const raw = utf8.encode(text);
  const out = new Uint8Array(new ArrayBuffer(raw.length + shift), shift, raw.length);
  out.set(raw);
  return out;
}

function fast(
  row: StoredRollout,
  options: OpenAiChatOptions,
  encoder = new OpenAiChatStoredEncoder(options),
  shift = 0,
): { result: StoredLineResult; bytes: Uint8Array } {
  const sink = new ByteSink(16);
  sink.text('prefix\n'); // a line already in the batch must survive a bail
  const result = encoder.line(
    { messages: row.messages === null ? null : bytesAt(row.messages, shift), tools: row.tools, meta: row.meta },
    sink,
  );
  const all = sink.take();
  expect(new TextDecoder().decode(all.subarray(0, 7))).toBe('prefix\n');
  return { result, bytes: all.subarray(7) };
}

/** Asserts the contract for one row; returns whether the fast path answered. */
function agrees(row: StoredRollout, options: OpenAiChatOptions = {}): boolean {
  const g = general(row, options);
  const f = fast(row, options);
  // word-aligned or not, the scanner reads the same
  for (const shift of [1, 2, 3]) {
    const u = fast(row, options, undefined, shift);
    expect(u.result).toBe(f.result);
    expect(Buffer.from(u.bytes).equals(Buffer.from(f.bytes))).toBe(true);
  }
  if (f.result === null) {
    expect(f.bytes.length).toBe(0);
    return false;
  }
  if (f.result === 'skip') {
    expect(g).toEqual({ skip: 'no-assistant-turn' });
    expect(f.bytes.length).toBe(0);
  } else {
    expect('line' in g).toBe(true);
    expect(Buffer.from(f.bytes).toString('utf8')).toBe((g as { line: string }).line);
    expect(Buffer.from(f.bytes).equals(Buffer.from((g as { line: string }).line, 'utf8'))).toBe(true);
  }
  return true;
}

const TOOLS = JSON.stringify([
  {
    type: 'function',
    function: {
      name: 'get_order',
      description: 'Look up an order.',
      parameters: { type: 'object', properties: { id: { type: 'string' } } },
    },
  },
]);
const conversation = [
  { role: 'system', content: 'You are helpful.' },
  { role: 'user', content: 'Where is "my" order\n#W1?' },
  { role: 'assistant', content: null, tool_calls: [{ id: 'c1', name: 'get_order', arguments: '{"id":"#W1"}' }] },
  { role: 'tool', content: '{"status":"shipped"}', tool_call_id: 'c1', name: 'get_order' },
  { role: 'assistant', content: 'It shipped — café ☕ 😀.', weight: 1 },
  { role: 'user', content: 'thanks' },
];

describe('openai-chat from stored bytes: examples', () => {
  it('writes the general path’s bytes for a typical tool-using rollout, in both storage orders', () => {
    for (const text of [JSON.stringify(conversation), canonicalJson(conversation)]) {
      for (const options of [
        {},
        { endOn: 'last-text-assistant' as const },
        { parallelToolCalls: false },
        { reasoning: 'reasoning_content' as const },
      ]) {
        expect(agrees(storedRow(text, TOOLS), options)).toBe(true);
      }
    }
  });

  it('drops empty assistant turns, cuts after the last assistant turn and skips rollouts without one', () => {
    const msgs = [
      { role: 'user', content: null },
      { role: 'assistant', content: '' },
      { role: 'assistant', content: 'ok', reasoning: 'because' },
      { role: 'developer', content: 'x' },
    ];
    expect(agrees(storedRow(JSON.stringify(msgs)), {})).toBe(true);
    expect(agrees(storedRow(JSON.stringify(msgs)), { reasoning: 'reasoning_content' })).toBe(true);
    expect(fast(storedRow(JSON.stringify([{ role: 'user', content: 'hi' }])), {}).result).toBe('skip');
    expect(fast(storedRow('[]'), {}).result).toBe('skip');
  });

  it('accepts whitespace and ignores unknown keys, as JSON.parse does', () => {
    const text =
      ' [ {"role" : "user", "content":"hi", "x": {"a": [1, -2.5e3, true, null, "\\/"]}} ,\n{"role":"assistant","error":false,"content":"yo"} ] ';
    expect(agrees(storedRow(text), {})).toBe(true);
  });

  it.each([
    [
      'content parts',
      JSON.stringify([
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: 'a' },
      ]),
    ],
    [
      'simulated-user tools',
      JSON.stringify([
        { role: 'user', content: 'hi', requestor: 'user' },
        { role: 'assistant', content: 'a' },
      ]),
    ],
    [
      'a user tool call',
      JSON.stringify([
        { role: 'user', content: 'hi', tool_calls: [{ id: 'u', name: 'toggle', arguments: '{}' }] },
        { role: 'assistant', content: 'a' },
      ]),
    ],
    [
      'an escaped slash the general path would unescape',
      '[{"role":"user","content":"a\\/b"},{"role":"assistant","content":"c"}]',
    ],
    ['an escaped letter', '[{"role":"user","content":"\\u0041"},{"role":"assistant","content":"c"}]'],
    ['an upper-case escape', '[{"role":"user","content":"\\u001F"},{"role":"assistant","content":"c"}]'],
    ['an escaped key', '[{"rol\\u0065":"user","content":"a"},{"role":"assistant","content":"c"}]'],
    ['a surrogate pair escape', '[{"role":"user","content":"\\ud83d\\ude00"},{"role":"assistant","content":"c"}]'],
    ['invalid JSON', '[{"role":"user","content":"a"},{"role":"assistant","content":"c"}'],
    ['trailing text', '[{"role":"assistant","content":"c"}] x'],
    ['a message that is not an object', '[null,{"role":"assistant","content":"c"}]'],
    ['a call without arguments', '[{"role":"assistant","content":null,"tool_calls":[{"id":"a","name":"b"}]}]'],
    ['a numeric content', '[{"role":"assistant","content":5}]'],
    ['a missing content', '[{"role":"assistant","tool_calls":[]}]'],
  ])('hands %s to the general path', (_what, text) => {
    expect(agrees(storedRow(text), {})).toBe(false);
  });

  it('hands tau2 rollouts to the general path (their system prompt is rebuilt) unless the data’s prompt is asked for', () => {
    const meta = JSON.stringify({ policy: 'Be nice.', agentImplementation: 'llm_agent' });
    const text = JSON.stringify([
      { role: 'system', content: 'Be nice.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'ok' },
    ]);
    expect(agrees(storedRow(text, '[]', meta), {})).toBe(false);
    expect(agrees(storedRow(text, '[]', meta), { systemPrompt: 'data' })).toBe(true);
  });

  it('hands over invalid UTF-8 and rows without a body', () => {
    const sink = new ByteSink();
    const enc = new OpenAiChatStoredEncoder();
    expect(
      enc.line({ messages: Uint8Array.from([0x5b, 0x22, 0xff, 0x22, 0x5d]), tools: '[]', meta: '{}' }, sink),
    ).toBeNull();
    expect(enc.line({ messages: null, tools: '[]', meta: '{}' }, sink)).toBeNull();
    expect(sink.length).toBe(0);
  });

  it('caches projected tools per list and still answers for bad tool lists as the general path does', () => {
    const enc = new OpenAiChatStoredEncoder();
    const text = JSON.stringify([
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
    ]);
    for (const tools of [TOOLS, TOOLS, '{}', 'not json', '[]', '']) {
      const row = storedRow(text, tools);
      const f = fast(row, {}, enc);
      const g = general(row, {});
      expect(f.result).toBe('line');
      expect(Buffer.from(f.bytes).toString()).toBe((g as { line: string }).line);
    }
    // tools that fail to project: both sides refuse
    expect(agrees(storedRow(text, '[null]'), {})).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// generated rollouts

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    '"',
    '\\',
    '\n\t\r\b\f',
    '\u0000\u001f\u007f',
    '\u2028\u2029',
    '\ud800',
    'x\udfff',
    'é😀',
    '/',
    '</script>',
  ),
);
const call = fc.record({ id: text, name: text, arguments: text }, { requiredKeys: [] });
const userCall = fc.record({ id: text, name: text, arguments: text, requestor: fc.constant('user' as const) });
const anyJson = fc.jsonValue({ maxDepth: 2 });
const message = fc.record(
  {
    role: fc.constantFrom('system', 'developer', 'user', 'assistant', 'assistant', 'tool', 'critic'),
    content: fc.oneof(
      text,
      fc.constant(null),
      fc.constant(''),
      fc.array(fc.record({ type: fc.constant('text'), text }), { maxLength: 2 }),
    ),
    tool_calls: fc.oneof(fc.array(call, { maxLength: 3 }), fc.array(userCall, { maxLength: 1 }), fc.constant(null)),
    tool_call_id: fc.oneof(text, fc.constant(null)),
    name: text,
    reasoning: fc.oneof(text, fc.constant(null), fc.integer()),
    weight: fc.oneof(fc.constantFrom(0, 1, 0.5, 1e21, -0), fc.constant(null)),
    requestor: fc.constant('user'),
    error: fc.boolean(),
    extra: anyJson,
  },
  { requiredKeys: ['role', 'content'] },
);
const options = fc.record(
  {
    reasoning: fc.constantFrom('drop', 'reasoning_content'),
    endOn: fc.constantFrom('last-assistant', 'last-text-assistant'),
    systemPrompt: fc.constantFrom('auto', 'data'),
    parallelToolCalls: fc.boolean(),
    userTools: fc.constantFrom('drop', 'fold'),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<OpenAiChatOptions>;
const toolsText = fc.constantFrom('[]', TOOLS, '', '{}', '[null]', 'nope');
const metaText = fc.constantFrom(
  '{}',
  '',
  '[]',
  JSON.stringify({ policy: 'P', agentImplementation: 'x' }),
  JSON.stringify({ policy: 'P' }),
);

/** Plain rollouts: the shapes importers produce for chat and tool-using agents (any Unicode text
 * but lone surrogates, which JSON.stringify escapes and the fast path leaves to the general one). */
const plainText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', '"', '\\', '\n\t\r\b\f', '\u0000\u001f\u007f', '\u2028', 'é😀', '/'),
);
const plainMessage = fc.oneof(
  fc.record({ role: fc.constantFrom('system', 'user'), content: plainText }),
  fc.record(
    {
      role: fc.constant('assistant'),
      content: fc.oneof(plainText, fc.constant(null)),
      tool_calls: fc.array(fc.record({ id: plainText, name: plainText, arguments: plainText }), { maxLength: 2 }),
    },
    { requiredKeys: ['role', 'content'] },
  ),
  fc.record(
    { role: fc.constant('tool'), content: plainText, tool_call_id: plainText, name: plainText },
    { requiredKeys: ['role', 'content', 'tool_call_id'] },
  ),
);

describe('openai-chat from stored bytes: generated rollouts', () => {
  it('agrees with the general path byte for byte, or hands the rollout over', () => {
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 6 }),
        fc.boolean(),
        toolsText,
        metaText,
        options,
        (msgs, canonical, tools, meta, opts) => {
          agrees(storedRow(canonical ? canonicalJson(msgs) : JSON.stringify(msgs), tools, meta), opts);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('answers for every plain rollout itself', () => {
    fc.assert(
      fc.property(fc.array(plainMessage, { maxLength: 8 }), fc.boolean(), (msgs, canonical) => {
        expect(agrees(storedRow(canonical ? canonicalJson(msgs) : JSON.stringify(msgs), TOOLS), {})).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// every fixture, as the importers store it

const REAL = path.resolve(ROOT, '../shared/fixtures/real');
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.(jsonl?|parquet|csv|gz)$/.test(f) ? [p] : [];
  });
}

async function storedRowsOf(file: string): Promise<StoredRollout[]> {
  let rollouts: Rollout[];
  try {
    ({ rollouts } = await parseFileAll(file));
  } catch {
    return []; // not an importable file (expected failures have their own tests)
  }
  return rollouts.map((r) => {
    const row = toRolloutRow(r);
    return storedRow(row[18], row[19], row[20]);
  });
}

describe('openai-chat from stored bytes: fixtures', () => {
  const local = filesUnder(path.join(ROOT, 'test/fixtures'));
  const real = filesUnder(REAL);

  it('agrees on every rollout of the repo’s fixtures and answers for most of them', async () => {
    let rows = 0;
    let answered = 0;
    for (const file of local) {
      for (const row of await storedRowsOf(file)) {
        rows++;
        if (agrees(row, {})) answered++;
      }
    }
    expect(rows).toBeGreaterThan(50);
    expect(answered / rows).toBeGreaterThan(0.5);
  });

  it.skipIf(real.length === 0)(
    'agrees on every rollout of the real fixtures',
    async () => {
      const byFile: Record<string, [number, number]> = {};
      for (const file of real) {
        const rows = await storedRowsOf(file);
        let answered = 0;
        for (const row of rows) if (agrees(row, {})) answered++;
        byFile[path.relative(REAL, file)] = [answered, rows.length];
      }
      // NeMo-Gym rollouts (the bulk of RL data) take the fast path.
      const nemo = Object.entries(byFile).filter(([f]) => f.startsWith('nemo-gym/'));
      expect(nemo.length).toBeGreaterThan(0);
      for (const [f, [answered, total]] of nemo) expect(`${f}: ${answered}/${total}`).toBe(`${f}: ${total}/${total}`);
    },
    120_000,
  );
});
