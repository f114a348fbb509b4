/**
 * A validating scanner over JSON text held as UTF-8 bytes, for encoders that copy byte ranges
 * instead of parsing (openai-chat-stored.ts). It accepts exactly what JSON.parse accepts and throws
 * BAIL on anything else; it also tells whether a string is written exactly as JSON.stringify writes
 * it (`canonical`), which is what makes copying its bytes equal to re-serialising its value.
 * The caller has checked the bytes are valid UTF-8.
 */

/** Thrown when the input is not valid JSON (or leaves what a caller handles). */
export const BAIL = new (class Bail {})();

/** What a value read by `copyable` is. */
export const Kind = { Absent: 0, Str: 1, Null: 2, Other: 3 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export const Q = 0x22; // "
export const BS = 0x5c; // \
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LBRACK = 0x5b;
export const RBRACK = 0x5d;
export const LOWER_N = 0x6e;

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const isLowerHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66);
const hexValue = (c: number) => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);

export class JsonBytes {
  b: Uint8Array = new Uint8Array(0);
  n = 0;
  /** The next byte to read. */
  i = 0;
  /** Whether the string just scanned is exactly as JSON.stringify writes it. */
  canonical = true;

  /** The same bytes as 32-bit words, when they start on a word boundary (see `string`). */
  private words: Int32Array | null = null;

  reset(b: Uint8Array): void {
    this.b = b;
    this.n = b.length;
    this.i = 0;
    this.words = b.byteOffset % 4 === 0 ? new Int32Array(b.buffer, b.byteOffset, b.length >> 2) : null;
  }

  /** Whether the bytes at `at` equal `lit`. */
  same(at: number, lit: Uint8Array): boolean {
    const b = this.b;
    for (let k = 0; k < lit.length; k++) if (b[at + k] !== lit[k]) return false;
    return true;
  }

  /**
   * A value that may be copied as it is: a string as JSON.stringify writes it (Kind.Str), null, or
   * any other valid value (Kind.Other, skipped).
   */
  copyable(): Kind {
    const c = this.b[this.i];
    if (c === Q) {
      this.string();
      return this.canonical ? Kind.Str : Kind.Other;
    }
    if (c === LOWER_N) {
      this.literal('null');
      return Kind.Null;
    }
    this.value();
    return Kind.Other;
  }

  /** Skips one valid JSON value of any kind; returns its type. */
  value(): 'string' | 'number' | 'literal' | 'object' | 'array' {
    const b = this.b;
    const c = b[this.i];
    if (c === Q) {
      this.string();
      return 'string';
    }
    if (c === LBRACE || c === LBRACK) {
      const close = c === LBRACE ? RBRACE : RBRACK;
      this.i++;
      this.ws();
      if (b[this.i] === close) {
        this.i++;
        return c === LBRACE ? 'object' : 'array';
      }
      for (;;) {
        this.ws();
        if (c === LBRACE) {
          if (b[this.i] !== Q) throw BAIL;
          this.string();
          this.ws();
          this.expect(COLON);
          this.ws();
        }
        this.value();
        this.ws();
        const d = b[this.i++];
        if (d === close) return c === LBRACE ? 'object' : 'array';
        if (d !== COMMA) throw BAIL;
      }
    }
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === LOWER_N) return this.literal('null');
    this.number();
    return 'number';
  }

  literal(word: string): 'literal' {
    for (let k = 0; k < word.length; k++) if (this.b[this.i + k] !== word.charCodeAt(k)) throw BAIL;
    this.i += word.length;
    return 'literal';
  }

  /** A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  number(): void {
    const b = this.b;
    let i = this.i;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i])) while (isDigit(b[i])) i++;
    else throw BAIL;
    if (b[i] === 0x2e) {
      i++;
      if (!isDigit(b[i])) throw BAIL;
      while (isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!isDigit(b[i])) throw BAIL;
      while (isDigit(b[i])) i++;
    }
    this.i = i;
  }

  /**
   * Scans a string starting at its opening quote, leaving `i` after the closing quote. Sets
   * `canonical` to whether it is exactly what JSON.stringify writes for its value: escapes only
   * for `"`, `\`, and control characters (\b \f \n \r \t, else \u00xx in lower case).
   */
  string(): void {
    const b = this.b;
    const n = this.n;
    let i = this.i;
    if (b[i] !== Q) throw BAIL;
    i++;
    let canonical = true;
    const words = this.words;
    for (;;) {
      // Plain bytes: everything from 0x20 up but `"` and `\` (UTF-8 was checked already). Skipped a
      // byte at a time up to a word boundary, then four at a time while a word holds none of `"`,
      // `\` or a byte below 0x20 (each test sets a byte's high bit exactly when the byte matches:
      // the "has zero byte" / "has byte less than n" bit tricks), then a byte at a time again.
      let c = 0;
      while ((i & 3) !== 0 && i < n && ((c = b[i]) > BS || (c >= 0x20 && c !== Q && c !== BS))) i++;
      if ((i & 3) === 0 && words !== null) {
        let j = i >> 2;
        const end = words.length;
        while (j < end) {
          const w = words[j];
          const q = w ^ 0x22222222;
          const e = w ^ 0x5c5c5c5c;
          if (
            ((((q - 0x01010101) | 0) & ~q) | (((e - 0x01010101) | 0) & ~e) | (((w - 0x20202020) | 0) & ~w)) &
            0x80808080
          )
            break;
          j++;
        }
        i = j << 2;
      }
      while (i < n && ((c = b[i]) > BS || (c >= 0x20 && c !== Q && c !== BS))) i++;
      if (i >= n || c < 0x20) throw BAIL; // the text ended, or a raw control character
      if (c === Q) break;
      const e = b[i + 1];
      if (e === Q || e === BS || e === 0x62 || e === 0x66 || e === LOWER_N || e === 0x72 || e === 0x74) i += 2;
      else if (e === 0x2f) {
        canonical = false; // `\/`: JSON.stringify writes `/`
        i += 2;
      } else if (e === 0x75) {
        const h0 = b[i + 2];
        const h1 = b[i + 3];
        const h2 = b[i + 4];
        const h3 = b[i + 5];
        if (!(isHex(h0) && isHex(h1) && isHex(h2) && isHex(h3))) throw BAIL;
        const code = (hexValue(h0) << 12) | (hexValue(h1) << 8) | (hexValue(h2) << 4) | hexValue(h3);
        // JSON.stringify writes \u00xx only for controls without a short escape, in lower case
        if (code >= 0x20 || code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d)
          canonical = false;
        if (!(isLowerHex(h0) && isLowerHex(h1) && isLowerHex(h2) && isLowerHex(h3))) canonical = false;
        i += 6;
      } else throw BAIL;
    }
    this.i = i + 1;
    this.canonical = canonical;
  }

  ws(): void {
    const b = this.b;
    let i = this.i;
    while (i < this.n && isWs(b[i])) i++;
    this.i = i;
  }

  expect(code: number): void {
    if (this.i >= this.n || this.b[this.i] !== code) throw BAIL;
    this.i++;
  }
}
