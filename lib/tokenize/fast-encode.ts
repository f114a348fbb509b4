/**
 * Token counts of a rendered conversation, and token positions at a few char positions, without
 * encoding the same text twice.
 *
 * Why this is exact: a tokenizer first cuts the text at its added tokens (`<|im_start|>`,
 * `<|im_end|>`, `<tool_call>`…); BPE never merges across those cuts, so each section between them
 * is encoded on its own (transformers.js' encode_text does exactly that). Inside a section, the
 * first pre-tokenizer stage (a Split regex for Qwen and Llama 3) cuts the text into pieces, and every
 * later stage (the byte-level mapping) and the BPE model work piece by piece. So a section's token
 * count is a pure function of its text, and a piece's of its text: both are cached. Conversations
 * share long sections (the system prompt and tool definitions render identically across a domain)
 * and natural text repeats its words, so most of a large analysis is cache lookups.
 *
 * The cached path uses the tokenizer's own objects (splitter, normalizer, pre-tokenizer stages,
 * BPE model) in the order encode_text applies them; only the memoisation is ours. Tokenizers that
 * do not have this shape (lstrip/rstrip added tokens, normalised added tokens, other pre-tokenizers,
 * fuse_unk), and positions inside a section that normalisation changed, take the full encode
 * (offsets.ts) instead, so results never depend on which path ran (fast-encode.test.ts).
 *
 * Positions follow offsets.ts: `before[i]` = tokens that start before `positions[i]`, `at[i]` =
 * tokens that start exactly there (2+ when one character is split across tokens).
 */
import type { Tokenizer } from '@huggingface/tokenizers';
import { encodeText } from './offsets';

export interface PositionCounts {
  count: number;
  before: Int32Array;
  at: Int32Array;
  /** False when offsets came from the approximate (non-byte-level) path. */
  exact: boolean;
}

interface AddedTokenLike {
  content: string;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
}

interface StageLike {
  config?: { type?: string; behavior?: string; invert?: boolean; use_regex?: boolean; add_prefix_space?: boolean };
  tokenizers?: StageLike[];
  pre_tokenize_text(text: string, options?: unknown): string[];
}

interface TokenizerInternals {
  normalizer: ((text: string) => string) | null;
  pre_tokenizer: StageLike | null;
  model: ((tokens: string[]) => string[]) & { config?: { fuse_unk?: boolean } };
  decoder: unknown;
  splitter_unnormalized: { split(text: string): string[] };
  added_tokens: AddedTokenLike[];
  added_tokens_map: Map<string, AddedTokenLike>;
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
  tokenizer?: { decoder?: unknown };
}

export interface SegmentEncoderStats {
  sectionHits: number;
  sectionMisses: number;
  pieceHits: number;
  pieceMisses: number;
  fullEncodes: number;
}

export interface SegmentEncoder {
  /** Whether the cached path applies to this tokenizer at all. */
  readonly fast: boolean;
  /** Counts tokens of `text` and locates `positions` (ascending char offsets). */
  encode(text: string, positions?: readonly number[]): PositionCounts;
  readonly stats: SegmentEncoderStats;
  clear(): void;
}

/** Section texts shorter than this are not worth a cache entry (their pieces are cached anyway). */
const MIN_CACHED_SECTION = 24;
/** Budget of cached section text, in chars; the cache starts over when it is spent. */
const SECTION_BUDGET = 8_000_000;
const PIECE_LIMIT = 400_000;

/**
 * The tokenizer's added-token split (DictionarySplitter: at each position the longest added token
 * that starts there, else move on by one char) as one regex: an alternation sorted longest first
 * finds the leftmost match and, among matches there, the longest, which is the same cut. The
 * dictionary splitter walks a trie one char at a time and was a fifth of an analysis' time.
 */
function addedTokenSplitter(contents: readonly string[]): (text: string) => string[] {
  const sorted = [...new Set(contents.filter((c) => c.length > 0))].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (text) => (text.length > 0 ? [text] : []);
  const re = new RegExp(sorted.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => {
    const out: string[] = [];
    let prev = 0;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m.index > prev) out.push(text.slice(prev, m.index));
      out.push(m[0]);
      prev = m.index + m[0].length;
    }
    if (prev < text.length) out.push(text.slice(prev));
    return out;
  };
}

/** A copy that does not keep the (large) string it was sliced from alive in a cache. */
function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

function isByteLevelDecoder(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const n = node as { type?: unknown; decoders?: unknown[] };
  return n.type === 'ByteLevel' || (n.decoders ?? []).some(isByteLevelDecoder);
}

interface Plan {
  split: StageLike;
  rest: StageLike[];
  byteLevel: boolean;
}

/** The cached path's plan, or null when this tokenizer must always take the full encode. */
function planFor(t: TokenizerInternals): Plan | null {
  if (t.remove_space || t.do_lowercase_and_remove_accent) return null;
  if (t.added_tokens.some((a) => a.lstrip || a.rstrip || (a.normalized && t.normalizer !== null))) return null;
  if (t.model.config?.fuse_unk) return null;
  const pre = t.pre_tokenizer;
  if (!pre) return null;
  // A Sequence keeps its stages in `tokenizers` (and no config of its own).
  const stages = Array.isArray(pre.tokenizers) ? pre.tokenizers : [pre];
  const [split, ...rest] = stages;
  if (!split || split.config?.type !== 'Split' || split.config.invert) return null;
  if (String(split.config.behavior ?? '').toLowerCase() !== 'isolated') return null;
  if (!rest.every((s) => s.config?.type === 'ByteLevel' && s.config.use_regex === false && !s.config.add_prefix_space))
    return null;
  return { split, rest, byteLevel: rest.length > 0 && isByteLevelDecoder(t.tokenizer?.decoder) };
}

/** Char offset within `piece` where each token starts (byte accounting, as offsets.ts does). */
function tokenStartsInPiece(piece: string, tokens: string[]): Int32Array | null {
  const starts = new Int32Array(tokens.length);
  let ci = 0;
  let bi = 0;
  let lastCharStart = 0;
  let tokenByte = 0;
  for (let k = 0; k < tokens.length; k++) {
    while (bi < tokenByte && ci < piece.length) {
      const cp = piece.codePointAt(ci)!;
      lastCharStart = ci;
      bi += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      ci += cp > 0xffff ? 2 : 1;
    }
    starts[k] = bi > tokenByte ? lastCharStart : ci;
    tokenByte += tokens[k].length;
  }
  return tokenByte === Buffer.byteLength(piece, 'utf8') ? starts : null;
}

/** Where a cached section's pieces start and how many tokens precede each (for position lookups). */
interface SectionDetail {
  /** Piece start offsets within the section, then the section length. */
  starts: Int32Array;
  /** Tokens before each piece, then the section's count. */
  cum: Int32Array;
  /** Tokens that start at each piece's first char (1, or more when a multi-byte char is split). */
  firstAt: Uint8Array;
}

export function createSegmentEncoder(tokenizer: Tokenizer): SegmentEncoder {
  const t = tokenizer as unknown as TokenizerInternals;
  const plan = planFor(t);
  const splitAdded = addedTokenSplitter(t.added_tokens.map((a) => a.content));
  const sections = new Map<string, number>();
  const details = new Map<string, SectionDetail>();
  let sectionChars = 0;
  const pieces = new Map<string, number>();
  const stats: SegmentEncoderStats = { sectionHits: 0, sectionMisses: 0, pieceHits: 0, pieceMisses: 0, fullEncodes: 0 };

  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    if (sectionChars + key.length > SECTION_BUDGET) {
      sections.clear();
      details.clear();
      sectionChars = 0;
    }
    map.set(detached(key), value);
    sectionChars += key.length;
  };

  const pieceTokens = (piece: string): string[] => {
    let mapped = [piece];
    for (const s of plan!.rest) mapped = mapped.flatMap((x) => s.pre_tokenize_text(x));
    return t.model(mapped);
  };

  const pieceCount = (piece: string): number => {
    const hit = pieces.get(piece);
    if (hit !== undefined) {
      stats.pieceHits++;
      return hit;
    }
    stats.pieceMisses++;
    const n = pieceTokens(piece).length;
    if (pieces.size >= PIECE_LIMIT) pieces.clear();
    pieces.set(detached(piece), n);
    return n;
  };

  /** Pieces of a (normalised) section, or null when they do not tile it. */
  const splitPieces = (text: string): string[] | null => {
    const out = plan!.split.pre_tokenize_text(text);
    let len = 0;
    for (const p of out) len += p.length;
    return len === text.length ? out : null;
  };

  /** Token count of a text section (no added tokens inside), or -1 when it cannot be counted here. */
  const sectionCount = (section: string): number => {
    const long = section.length >= MIN_CACHED_SECTION;
    if (long) {
      const hit = sections.get(section) ?? details.get(section)?.cum.at(-1);
      if (hit !== undefined) {
        stats.sectionHits++;
        return hit;
      }
      stats.sectionMisses++;
    }
    const normalized = t.normalizer ? t.normalizer(section) : section;
    const ps = splitPieces(normalized);
    if (!ps) return -1;
    let n = 0;
    for (const p of ps) n += pieceCount(p);
    if (long) remember(sections, section, n);
    return n;
  };

  /** Piece layout of a section normalisation leaves unchanged (null: it changes it, or pieces do not tile). */
  const sectionDetail = (section: string): SectionDetail | null => {
    const hit = details.get(section);
    if (hit) {
      stats.sectionHits++;
      return hit;
    }
    stats.sectionMisses++;
    if (t.normalizer && t.normalizer(section) !== section) return null;
    const ps = splitPieces(section);
    if (!ps) return null;
    const starts = new Int32Array(ps.length + 1);
    const cum = new Int32Array(ps.length + 1);
    const firstAt = new Uint8Array(ps.length);
    let off = 0;
    let n = 0;
    for (let k = 0; k < ps.length; k++) {
      const piece = ps[k];
      starts[k] = off;
      cum[k] = n;
      if (piece.charCodeAt(0) < 0x80) firstAt[k] = 1;
      else {
        // A multi-byte first char may be split across tokens that all start there.
        const tokens = pieceTokens(piece);
        const ts = plan!.byteLevel ? tokenStartsInPiece(piece, tokens) : null;
        if (!ts) return null;
        let a = 0;
        while (a < ts.length && ts[a] === 0) a++;
        firstAt[k] = a;
      }
      n += pieceCount(piece);
      off += piece.length;
    }
    starts[ps.length] = off;
    cum[ps.length] = n;
    const d = { starts, cum, firstAt };
    if (section.length >= MIN_CACHED_SECTION) remember(details, section, d);
    return d;
  };

  const full = (text: string, positions: readonly number[]): PositionCounts => {
    stats.fullEncodes++;
    const enc = encodeText(tokenizer, text);
    const before = new Int32Array(positions.length);
    const at = new Int32Array(positions.length);
    positions.forEach((p, i) => {
      before[i] = enc.tokensBefore(p);
      let k = before[i];
      while (k < enc.count && enc.charStart(k) === p) k++;
      at[i] = k - before[i];
    });
    return { count: enc.count, before, at, exact: enc.exact };
  };

  const encode = (text: string, positions: readonly number[] = []): PositionCounts => {
    if (!plan) return full(text, positions);
    const secs = splitAdded(text);
    const before = new Int32Array(positions.length);
    const at = new Int32Array(positions.length);
    let q = 0; // next query
    let count = 0;
    let start = 0;
    for (const sec of secs) {
      const end = start + sec.length;
      if (t.added_tokens_map.has(sec)) {
        // One token, starting at the section start.
        while (q < positions.length && positions[q] < end) {
          const p = positions[q];
          before[q] = p <= start ? count : count + 1;
          at[q] = p === start ? 1 : 0;
          q++;
        }
        count++;
        start = end;
        continue;
      }
      if (q < positions.length && positions[q] < end) {
        // Queries at or inside this section: find their pieces.
        const d = sectionDetail(sec);
        if (!d) return full(text, positions);
        const last = d.starts.length - 1;
        while (q < positions.length && positions[q] < end) {
          const rel = positions[q] - start;
          // The piece holding rel: the last k with starts[k] <= rel.
          let lo = 0;
          let hi = last;
          while (lo < hi) {
            const mid = (lo + hi + 1) >>> 1;
            if (d.starts[mid] <= rel) lo = mid;
            else hi = mid - 1;
          }
          const k = lo;
          if (d.starts[k] === rel) {
            before[q] = count + d.cum[k];
            at[q] = d.firstAt[k];
          } else {
            const piece = sec.slice(d.starts[k], d.starts[k + 1]);
            const ts = tokenStartsInPiece(piece, pieceTokens(piece));
            if (!ts) return full(text, positions);
            const r = rel - d.starts[k];
            let b = 0;
            while (b < ts.length && ts[b] < r) b++;
            let a = 0;
            while (b + a < ts.length && ts[b + a] === r) a++;
            before[q] = count + d.cum[k] + b;
            at[q] = a;
          }
          q++;
        }
        count += d.cum[last];
        start = end;
        continue;
      }
      const n = sectionCount(sec);
      if (n < 0) return full(text, positions);
      count += n;
      start = end;
    }
    if (start !== text.length) return full(text, positions);
    for (; q < positions.length; q++) {
      before[q] = count;
      at[q] = 0;
    }
    return { count, before, at, exact: true };
  };

  return {
    fast: plan !== null,
    encode,
    stats,
    clear() {
      sections.clear();
      details.clear();
      pieces.clear();
      sectionChars = 0;
    },
  };
}
