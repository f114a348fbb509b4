/**
 * Encoding with char offsets. transformers.js returns ids and token strings but no offsets, so we
 * derive them: for byte-level BPE (Qwen, Llama 3, GPT-style) every char of a vocabulary token
 * stands for exactly one byte of UTF-8, and an added token stands for its own text. Summing byte
 * lengths gives each token's byte offset, which we walk back to UTF-16 positions in the text.
 * This is exact (checked against the native HF tokenizers' offsets in offsets.test.ts) and O(n).
 *
 * Other tokenizers (SentencePiece-style) fall back to counting tokens of text prefixes, which can
 * be off by one token at a boundary that falls inside a word; `exact` says which path was used.
 */
import type { Tokenizer } from '@huggingface/tokenizers';

export interface TokenizedText {
  ids: number[];
  /** Number of tokens. */
  count: number;
  /** True when offsets come from the byte-level mapping (exact), false for the prefix fallback. */
  exact: boolean;
  /** Index of the token containing char `pos` (count when pos is past the end). */
  tokenAt(pos: number): number;
  /** Number of tokens that start before char `pos`: a cut between two regions. */
  tokensBefore(pos: number): number;
  /** Char offset where token `k` starts (text length for k >= count). */
  charStart(k: number): number;
}

interface TokenizerFacts {
  byteLevel: boolean;
  addedIds: Set<number>;
  nfc: boolean;
}

const facts = new WeakMap<Tokenizer, TokenizerFacts>();

function hasType(node: unknown, type: string): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const n = node as { type?: unknown; decoders?: unknown[]; normalizers?: unknown[] };
  if (n.type === type) return true;
  return [...(n.decoders ?? []), ...(n.normalizers ?? [])].some((c) => hasType(c, type));
}

function factsOf(tokenizer: Tokenizer): TokenizerFacts {
  let f = facts.get(tokenizer);
  if (!f) {
    // The tokenizer.json object the Tokenizer was built from.
    const json = (tokenizer as unknown as { tokenizer?: { decoder?: unknown; normalizer?: unknown } }).tokenizer ?? {};
    f = {
      byteLevel: hasType(json.decoder, 'ByteLevel'),
      addedIds: new Set(tokenizer.get_added_tokens_decoder().keys()),
      nfc: hasType(json.normalizer, 'NFC'),
    };
    facts.set(tokenizer, f);
  }
  return f;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Char start of each token, or null when the byte accounting does not add up. */
function byteLevelStarts(text: string, tokens: string[], ids: number[], addedIds: Set<number>): Int32Array | null {
  const starts = new Int32Array(tokens.length);
  let ci = 0; // UTF-16 index in text
  let bi = 0; // byte offset of text[ci]
  let lastCharStart = 0; // UTF-16 index of the char that ends at bi
  let tokenByte = 0;
  for (let k = 0; k < tokens.length; k++) {
    while (bi < tokenByte && ci < text.length) {
      const cp = text.codePointAt(ci)!;
      lastCharStart = ci;
      bi += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      ci += cp > 0xffff ? 2 : 1;
    }
    // A token may start inside a multi-byte char (an emoji split over 2-3 tokens): it then shares
    // that char's start, as the native tokenizers report it.
    starts[k] = bi > tokenByte ? lastCharStart : ci;
    tokenByte += addedIds.has(ids[k]) ? utf8Length(tokens[k]) : tokens[k].length;
  }
  return tokenByte === utf8Length(text) ? starts : null;
}

function upperBound(starts: Int32Array, pos: number): number {
  // number of tokens with start <= pos
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(starts: Int32Array, pos: number): number {
  // number of tokens with start < pos
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Qwen's tokenizer NFC-normalises before splitting, so bytes are counted in the normalised text.
 * NFC does not reach across grapheme clusters, so normalising cluster by cluster lets us map each
 * normalised char back to where its cluster starts in the original text.
 */
function nfcStarts(text: string, tokens: string[], ids: number[], addedIds: Set<number>): Int32Array | null {
  const normalized = text.normalize('NFC');
  if (normalized === text) return byteLevelStarts(text, tokens, ids, addedIds);
  const origin: number[] = [];
  let rebuilt = '';
  for (const { segment, index } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const n = segment.normalize('NFC');
    for (let i = 0; i < n.length; i++) origin.push(index);
    rebuilt += n;
  }
  if (rebuilt !== normalized) return null;
  origin.push(text.length);
  const starts = byteLevelStarts(normalized, tokens, ids, addedIds);
  return starts ? starts.map((s) => origin[s]) : null;
}

export function encodeText(tokenizer: Tokenizer, text: string): TokenizedText {
  const { ids, tokens } = tokenizer.encode(text, { add_special_tokens: false });
  const f = factsOf(tokenizer);
  const starts = !f.byteLevel
    ? null
    : f.nfc
      ? nfcStarts(text, tokens, ids, f.addedIds)
      : byteLevelStarts(text, tokens, ids, f.addedIds);
  if (starts) {
    return {
      ids,
      count: ids.length,
      exact: true,
      tokenAt: (pos) => (pos >= text.length ? ids.length : Math.max(0, upperBound(starts, pos) - 1)),
      tokensBefore: (pos) => lowerBound(starts, pos),
      charStart: (k) => (k >= starts.length ? text.length : starts[Math.max(0, k)]),
    };
  }
  const prefixCount = (pos: number) =>
    pos <= 0
      ? 0
      : pos >= text.length
        ? ids.length
        : tokenizer.encode(text.slice(0, pos), { add_special_tokens: false }).ids.length;
  // Smallest char position whose prefix holds k tokens: prefix counts grow with the position.
  const charStart = (k: number) => {
    if (k >= ids.length) return text.length;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (prefixCount(mid + 1) > k) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return {
    ids,
    count: ids.length,
    exact: false,
    tokenAt: (pos) => Math.min(prefixCount(pos), ids.length),
    tokensBefore: prefixCount,
    charStart,
  };
}
