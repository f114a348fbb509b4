/**
 * One stored message object read by byte ranges (for openai-chat-stored.ts): where its role,
 * content, tool calls and the other fields the OpenAI projection writes sit in the JSON bytes, and
 * what kind of value each is. Fields are re-read in place for every message (no allocation per
 * message). It throws BAIL for what the byte copier leaves to the general path: simulated-user
 * tool activity (`requestor`), keys written with escapes, and tool calls that are not
 * {id, name, arguments} strings.
 */
import { asciiBytes } from './byte-sink';
import { BAIL, BS, COLON, COMMA, type JsonBytes, Kind, LBRACE, LBRACK, LOWER_N, Q, RBRACE, RBRACK } from './json-bytes';

/** Keys the projection reads, recognised by length and a few bytes (see key()). */
const enum Key {
  Other,
  Role,
  Content,
  ToolCalls,
  ToolCallId,
  Name,
  Reasoning,
  Requestor,
  Weight,
  Id,
  Arguments,
}

/** The fields whose value is one token: their kind and byte range are kept per message. */
export const Field = { Role: 0, Content: 1, CallId: 2, Name: 3, Reasoning: 4, Weight: 5 } as const;
export type Field = (typeof Field)[keyof typeof Field];
const FIELDS = 6;

export class StoredMessage {
  /** Per Field: what its value is (Kind.Str for Weight means a number), and its bytes [start, end). */
  readonly kind = new Uint8Array(FIELDS);
  readonly start = new Int32Array(FIELDS);
  readonly end = new Int32Array(FIELDS);
  /** Kind.Str: an array of calls was read into `callSpans`; Kind.Null: null; Kind.Absent: no key. */
  calls: Kind = Kind.Absent;
  /** Per call: [idStart, idEnd, nameStart, nameEnd, argsStart, argsEnd], string tokens. */
  callSpans = new Int32Array(96);
  callCount = 0;
  private s!: JsonBytes;

  /** Reads the message object at the scanner's position (leaving it after the object). */
  read(s: JsonBytes): void {
    this.s = s;
    this.kind.fill(Kind.Absent);
    this.calls = Kind.Absent;
    this.callCount = 0;
    const b = s.b;
    s.expect(LBRACE);
    s.ws();
    if (b[s.i] === RBRACE) {
      s.i++;
      return;
    }
    for (;;) {
      s.ws();
      const key = this.key();
      s.ws();
      s.expect(COLON);
      s.ws();
      const v = s.i;
      switch (key) {
        case Key.Content:
          this.field(Field.Content, s.copyable(), v);
          break;
        case Key.Role:
          if (s.copyable() !== Kind.Str) throw BAIL;
          this.field(Field.Role, Kind.Str, v);
          break;
        case Key.ToolCalls:
          this.calls = this.toolCalls();
          break;
        case Key.ToolCallId:
          this.field(Field.CallId, s.copyable(), v);
          break;
        case Key.Name:
          this.field(Field.Name, s.copyable(), v);
          break;
        case Key.Reasoning:
          this.field(Field.Reasoning, s.copyable(), v);
          break;
        case Key.Weight:
          this.field(Field.Weight, s.value() === 'number' ? Kind.Str : b[v] === LOWER_N ? Kind.Null : Kind.Other, v);
          break;
        case Key.Requestor:
          throw BAIL; // simulated-user tool activity: the general path's rules
        default:
          s.value(); // a key the projection ignores
      }
      s.ws();
      const c = b[s.i++];
      if (c === RBRACE) return;
      if (c !== COMMA) throw BAIL;
    }
  }

  /** Records a field whose value was just read from `start` (a later duplicate key wins, as in JSON.parse). */
  private field(f: Field, kind: Kind, start: number): void {
    this.kind[f] = kind;
    this.start[f] = start;
    this.end[f] = this.s.i;
  }

  /** Reads an object key (a string with no escapes: an escaped key could decode to a known one). */
  private key(): Key {
    const s = this.s;
    const b = s.b;
    const n = s.n;
    if (b[s.i] !== Q) throw BAIL;
    const start = s.i + 1;
    // Keys are short and plain: a byte loop is cheaper than the general string scan. Any escape
    // (even one JSON.stringify writes) is left to the general path.
    let i = start;
    let c = 0;
    while (i < n && (c = b[i]) !== Q) {
      if (c === BS || c < 0x20) throw BAIL;
      i++;
    }
    if (i >= n) throw BAIL;
    s.i = i + 1;
    const end = i;
    const len = end - start;
    const c0 = b[start];
    let key = Key.Other;
    switch (len) {
      case 4:
        key = c0 === 0x72 ? Key.Role : c0 === LOWER_N ? Key.Name : Key.Other;
        break;
      case 7:
        key = Key.Content;
        break;
      case 10:
        key = Key.ToolCalls;
        break;
      case 12:
        key = Key.ToolCallId;
        break;
      case 9:
        key = c0 === 0x61 ? Key.Arguments : b[start + 2] === 0x61 ? Key.Reasoning : Key.Requestor;
        break;
      case 6:
        key = Key.Weight;
        break;
      case 2:
        key = Key.Id;
        break;
    }
    // a candidate is confirmed byte for byte
    return key !== Key.Other && s.same(start, KEY_BYTES[key]) ? key : Key.Other;
  }

  /**
   * A tool_calls value: null (none), or an array of {id, name, arguments} strings recorded in
   * `calls`. Kind.Str = an array was read; Kind.Null = null; Kind.Other = anything else (validated).
   */
  private toolCalls(): Kind {
    const s = this.s;
    const b = s.b;
    this.callCount = 0;
    if (b[s.i] === LOWER_N) {
      s.literal('null');
      return Kind.Null;
    }
    if (b[s.i] !== LBRACK) {
      s.value();
      return Kind.Other;
    }
    s.i++;
    s.ws();
    if (b[s.i] === RBRACK) {
      s.i++;
      return Kind.Str;
    }
    for (;;) {
      s.ws();
      this.call();
      s.ws();
      const c = b[s.i++];
      if (c === RBRACK) return Kind.Str;
      if (c !== COMMA) throw BAIL;
    }
  }

  private call(): void {
    const s = this.s;
    const b = s.b;
    s.expect(LBRACE);
    if (this.callSpans.length < (this.callCount + 1) * 6) {
      const grown = new Int32Array(this.callSpans.length * 2);
      grown.set(this.callSpans);
      this.callSpans = grown;
    }
    const o = this.callCount * 6;
    const cs = this.callSpans;
    cs[o] = cs[o + 2] = cs[o + 4] = -1;
    s.ws();
    if (b[s.i] === RBRACE) s.i++;
    else {
      for (;;) {
        s.ws();
        const key = this.key();
        s.ws();
        s.expect(COLON);
        s.ws();
        const v = s.i;
        const slot = key === Key.Id ? 0 : key === Key.Name ? 2 : key === Key.Arguments ? 4 : -1;
        if (slot >= 0) {
          if (s.copyable() !== Kind.Str) throw BAIL;
          cs[o + slot] = v;
          cs[o + slot + 1] = s.i;
        } else if (key === Key.Requestor) throw BAIL;
        else s.value();
        s.ws();
        const c = b[s.i++];
        if (c === RBRACE) break;
        if (c !== COMMA) throw BAIL;
      }
    }
    if (cs[o] < 0 || cs[o + 2] < 0 || cs[o + 4] < 0) throw BAIL; // the general path would drop the key
    this.callCount++;
  }
}

const KEY_BYTES: Record<Key, Uint8Array> = {
  [Key.Other]: new Uint8Array(0),
  [Key.Role]: asciiBytes('role'),
  [Key.Content]: asciiBytes('content'),
  [Key.ToolCalls]: asciiBytes('tool_calls'),
  [Key.ToolCallId]: asciiBytes('tool_call_id'),
  [Key.Name]: asciiBytes('name'),
  [Key.Reasoning]: asciiBytes('reasoning'),
  [Key.Requestor]: asciiBytes('requestor'),
  [Key.Weight]: asciiBytes('weight'),
  [Key.Id]: asciiBytes('id'),
  [Key.Arguments]: asciiBytes('arguments'),
};
