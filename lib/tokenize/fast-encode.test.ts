import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSegmentEncoder, type SegmentEncoder } from './fast-encode';
import { encodeText } from './offsets';
import { loadTokenizer, type LoadedTokenizer } from './registry';

const SFT = '/work/shared/fixtures/real/openai-chat-ft/tau2_sft-v1-small_train.jsonl';

const tokenizers: Record<string, LoadedTokenizer> = {};
const encoders: Record<string, SegmentEncoder> = {};
beforeAll(async () => {
  for (const id of ['qwen3', 'llama3']) {
    tokenizers[id] = await loadTokenizer(id);
    encoders[id] = createSegmentEncoder(tokenizers[id].tokenizer);
  }
});

/** What the full encode says about `positions`, in PositionCounts form. */
function reference(t: LoadedTokenizer, text: string, positions: number[]) {
  const enc = encodeText(t.tokenizer, text);
  const before = positions.map((p) => enc.tokensBefore(p));
  const at = positions.map((p, i) => {
    let k = before[i];
    while (k < enc.count && enc.charStart(k) === p) k++;
    return k - before[i];
  });
  return { count: enc.count, before, at };
}

function check(id: string, text: string, positions: number[]) {
  const got = encoders[id].encode(text, positions);
  expect({ count: got.count, before: [...got.before], at: [...got.at] }).toEqual(
    reference(tokenizers[id], text, positions),
  );
}

const piece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom(
    '<|im_start|>',
    '<|im_end|>',
    '<|eot_id|>',
    '<|start_header_id|>',
    '<think>',
    '</tool_call>',
    '\n',
    '\n\n',
    '  ',
    '📶',
    'é',
    'e\u0301', // not NFC: Qwen normalises it
    '\r\n',
    ' 12345',
    "'s",
    'assistant\n',
  ),
);

describe.each(['qwen3', 'llama3'])('%s: cached section encoder against the full encode', (id) => {
  it('uses the cached path for this tokenizer', () => {
    expect(encoders[id].fast).toBe(true);
  });

  it('counts and locates any text the same, cold or warm', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), fc.array(fc.nat(), { maxLength: 6 }), (parts, raw) => {
        const text = parts.join('');
        const positions = [...new Set(raw.map((r) => (text.length === 0 ? 0 : r % (text.length + 1))))].sort(
          (a, b) => a - b,
        );
        check(id, text, positions); // cold or warm: the generator repeats pieces across runs
        check(id, text, positions);
      }),
      { numRuns: 300, seed: 11 },
    );
    // Most texts took the cached path (the full encode only for positions inside a section NFC changed).
    const { fullEncodes, pieceHits } = encoders[id].stats;
    expect(fullEncodes).toBeLessThan(300);
    expect(pieceHits).toBeGreaterThan(500);
  });

  it.skipIf(!existsSync(SFT))('gives the same counts on real conversations, section by section from the cache', () => {
    const lines = readFileSync(SFT, 'utf8').split('\n').filter(Boolean).slice(0, 3);
    for (const line of lines) {
      const text = line; // JSON text: escapes, braces, long sections
      const positions = [0, 1, 17, Math.floor(text.length / 2), text.length - 1, text.length];
      check(id, text, positions);
      check(id, text, positions);
    }
    expect(encoders[id].stats.sectionHits).toBeGreaterThan(0);
  });
});
