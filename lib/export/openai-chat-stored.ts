/**
 * openai-chat lines assembled straight from a rollout's stored JSON bytes: the fast path of every
 * openai-chat export read from the database (lib/jobs/encode-stored.ts).
 *
 * Why it can work: the database stores messages as JSON text written by JSON.stringify or by
 * canonicalJson, which writes every string with JSON.stringify. A string in that text is therefore
 * already byte for byte what JSON.stringify would write for it in the output line, so the line can
 * be built by copying byte ranges, with no JSON.parse, no objects and no JSON.stringify: a single
 * scan over the bytes, which validates them as it goes.
 *
 * Contract: `line()` either appends exactly the bytes `encodeOpenAiChat` writes for the same stored
 * rollout (and returns 'line'), or reports the same skip ('skip'), or returns null without writing
 * anything: "take the general path". It returns null for anything outside the shapes it knows:
 * - invalid JSON or invalid UTF-8; a string escape JSON.stringify would not write (`\/`, `\u0041`,
 *   surrogates), a key containing an escape;
 * - content parts (arrays), non-string content, a message without role or content;
 * - anything about simulated-user tools (`requestor`, tool calls on a user turn) and malformed
 *   tool calls;
 * - a rollout that gets tau2's system prompt (meta.policy), or tools that fail to project.
 * openai-chat-stored.test.ts checks the contract against the general path on generated rollouts
 * (fast-check) and on every fixture, and that the common shapes do take the fast path.
 */
import { isUtf8 } from 'node:buffer';
import type { ToolSpec } from '../formats/types';
import { ByteSink, asciiBytes } from './byte-sink';
import { BAIL, COMMA, JsonBytes, Kind, LBRACK, RBRACE, RBRACK } from './json-bytes';
import { Field, StoredMessage } from './stored-message';
import type { OpenAiChatOptions } from './openai-chat';
import { tau2PolicyOf } from './tau2-system-prompt';
import { toolsOut } from './tools';

/** The stored body of one rollout: messages as UTF-8 bytes, tools and meta as text. */
export interface StoredBody {
  /** Null when the rollout has no body row (the general path reads that as no messages). */
  messages: Uint8Array | null;
  tools: string | null;
  meta: string | null;
}

export type StoredLineResult = 'line' | 'skip' | null;

const LIT = {
  open: asciiBytes('{"messages":['),
  role: asciiBytes('{"role":'),
  content: asciiBytes(',"content":'),
  emptyString: asciiBytes('""'),
  null: asciiBytes('null'),
  reasoning: asciiBytes(',"reasoning_content":'),
  toolCalls: asciiBytes(',"tool_calls":['),
  callId: asciiBytes('{"id":'),
  callFn: asciiBytes(',"type":"function","function":{"name":'),
  callArgs: asciiBytes(',"arguments":'),
  callEnd: asciiBytes('}}'),
  toolCallId: asciiBytes(',"tool_call_id":'),
  name: asciiBytes(',"name":'),
  weight: asciiBytes(',"weight":'),
  end: asciiBytes('}\n'),
};
/** Room a message's output may need beyond its own bytes: every literal above, and a number. */
const MESSAGE_SLACK = 160;
/** Room a tool call's output may need beyond its own bytes. */
const CALL_SLACK = 64;

const TOOLS_CACHE_MAX = 64;

/**
 * An openai-chat encoder over stored bodies for one export's options. It keeps the projected tools
 * of the last few distinct tool lists (rollouts of one environment share theirs).
 */
export class OpenAiChatStoredEncoder {
  private readonly reasoning: boolean;
  private readonly textOnly: boolean;
  private readonly tau2Prompt: boolean;
  private readonly parallelToolCalls: boolean;
  private readonly toolsCache = new Map<string, Uint8Array | null>();
  private lastTools: string | null = null;
  private lastFragment: Uint8Array | undefined = undefined;

  /** The body being read. */
  private readonly s = new JsonBytes();
  // the line being written: sink.buf from `start`, `o` = next byte
  private sink: ByteSink = new ByteSink(16);
  private out: Uint8Array = new Uint8Array(0);
  private o = 0;
  /** The fields of the message being read. */
  private readonly m = new StoredMessage();

  constructor(options: OpenAiChatOptions = {}) {
    this.reasoning = options.reasoning === 'reasoning_content';
    this.textOnly = options.endOn === 'last-text-assistant';
    this.tau2Prompt = (options.systemPrompt ?? 'auto') === 'auto';
    this.parallelToolCalls = options.parallelToolCalls ?? true;
  }

  /** Appends the line of one stored rollout to `sink` (see the module contract). */
  line(body: StoredBody, sink: ByteSink): StoredLineResult {
    if (
      this.tau2Prompt &&
      body.meta !== null &&
      body.meta !== '{}' &&
      tau2PolicyOf({ meta: parseMeta(body.meta) }) !== undefined
    )
      return null;
    const tools = this.toolsFragment(body.tools);
    if (tools === undefined) return null;
    const m = body.messages;
    if (m === null || !isUtf8(m)) return null;
    const start = sink.length;
    // A plain view: indexing and subarray on it are cheaper than on a Buffer.
    this.s.reset(m.constructor === Uint8Array ? m : new Uint8Array(m.buffer, m.byteOffset, m.byteLength));
    this.sink = sink;
    this.out = sink.buf;
    this.o = start;
    let written = false;
    try {
      const cut = this.messages();
      if (cut < 0) return 'skip';
      this.o = cut;
      this.room(tools.length + 4);
      this.out[this.o++] = RBRACK;
      this.lit(tools);
      this.lit(LIT.end);
      sink.length = this.o;
      written = true;
      return 'line';
    } catch {
      // BAIL, or anything unforeseen (a nesting too deep for the stack): the general path decides.
      return null;
    } finally {
      if (!written) sink.truncate(start); // growing the sink may have moved its length
      this.s.reset(EMPTY); // keep no reference to the body
      this.out = EMPTY;
    }
  }

  /**
   * `,"tools":[...],"parallel_tool_calls":…` for a stored tool list, empty when it has none, or
   * undefined when projecting them fails (the general path then reports the error).
   */
  private toolsFragment(text: string | null): Uint8Array | undefined {
    if (text === null || text === '' || text === '[]') return EMPTY;
    // Rollouts of one environment come in runs with the same tools: compare with the last text
    // before hashing this one for the map.
    if (text === this.lastTools) return this.lastFragment;
    const fragment = this.projectTools(text);
    this.lastTools = text;
    this.lastFragment = fragment;
    return fragment;
  }

  private projectTools(text: string): Uint8Array | undefined {
    const hit = this.toolsCache.get(text);
    if (hit !== undefined) return hit ?? undefined;
    let fragment: Uint8Array | null;
    try {
      const tools = parseToolsText(text);
      fragment =
        tools.length > 0
          ? utf8.encode(
              `,"tools":${JSON.stringify(toolsOut(tools))},"parallel_tool_calls":${JSON.stringify(this.parallelToolCalls)}`,
            )
          : EMPTY;
    } catch {
      fragment = null;
    }
    if (this.toolsCache.size >= TOOLS_CACHE_MAX) this.toolsCache.clear();
    this.toolsCache.set(text, fragment);
    return fragment ?? undefined;
  }

  // ---- output: `room` once, then `lit`/`copy`/`out[o++]` without further checks

  private room(extra: number): void {
    if (this.o + extra <= this.out.length) return;
    this.sink.length = this.o;
    this.sink.reserve(extra);
    this.out = this.sink.buf;
  }

  private lit(l: Uint8Array): void {
    const out = this.out;
    let o = this.o;
    if (l.length > 24) {
      out.set(l, o);
      o += l.length;
    } else for (let k = 0; k < l.length; k++) out[o++] = l[k];
    this.o = o;
  }

  private copy(s: number, e: number): void {
    const out = this.out;
    if (e - s > 64) out.set(this.s.b.subarray(s, e), this.o);
    else {
      const b = this.s.b;
      let o = this.o;
      for (let k = s; k < e; k++) out[o++] = b[k];
    }
    this.o += e - s;
  }

  /**
   * Writes `{"messages":[` and every projected message; returns where the line is cut (after the
   * last assistant message that ends an SFT conversation), or -1 when there is none.
   */
  private messages(): number {
    const b = this.s.b;
    this.s.ws();
    this.s.expect(LBRACK);
    this.room(LIT.open.length);
    this.lit(LIT.open);
    let cut = -1;
    let emitted = 0;
    this.s.ws();
    if (b[this.s.i] === RBRACK) this.s.i++;
    else {
      for (;;) {
        this.s.ws();
        const r = this.message(emitted);
        if (r !== 0) {
          emitted++;
          if (r === 2 || (r === 3 && !this.textOnly)) cut = this.o;
        }
        this.s.ws();
        const c = b[this.s.i++];
        if (c === RBRACK) break;
        if (c !== COMMA) throw BAIL;
      }
    }
    this.s.ws();
    if (this.s.i !== this.s.n) throw BAIL;
    return cut;
  }

  /**
   * Reads one message object and writes its projection. Returns 0 when nothing was written (an
   * empty assistant turn), 1 for a non-assistant message, 2 for an assistant message without tool
   * calls, 3 for one with tool calls.
   */
  private message(emitted: number): number {
    const from = this.s.i;
    const m = this.m;
    m.read(this.s);
    const { kind, start, end, calls } = m;
    const role = start[Field.Role];
    const roleEnd = end[Field.Role];
    const content = kind[Field.Content];
    const contentStart = start[Field.Content];
    const contentEnd = end[Field.Content];
    if (kind[Field.Role] === Kind.Absent || content === Kind.Absent || content === Kind.Other || calls === Kind.Other)
      throw BAIL;
    // roles by length and first byte: "assistant", "user", "tool" (quotes included)
    const roleLen = roleEnd - role;
    const isAssistant = roleLen === 11 && this.s.same(role, ROLE_ASSISTANT);
    const isUser = roleLen === 6 && this.s.same(role, ROLE_USER);
    const isTool = roleLen === 6 && this.s.same(role, ROLE_TOOL);
    if (isUser && calls !== Kind.Absent) throw BAIL; // a user's own tool calls
    const ownCalls = isAssistant && calls === Kind.Str ? m.callCount : 0;
    const contentEmpty = content === Kind.Null || contentEnd - contentStart === 2;
    if (isAssistant && contentEmpty && ownCalls === 0) return 0;

    this.room(this.s.i - from + MESSAGE_SLACK + ownCalls * CALL_SLACK);
    const out = this.out;
    if (emitted > 0) out[this.o++] = COMMA;
    this.lit(LIT.role);
    this.copy(role, roleEnd);
    this.lit(LIT.content);
    if (content === Kind.Str && !(isAssistant && contentEmpty)) this.copy(contentStart, contentEnd);
    else this.lit(LIT.emptyString);
    const reasoning = kind[Field.Reasoning];
    if (this.reasoning && reasoning !== Kind.Absent && reasoning !== Kind.Null) {
      if (reasoning !== Kind.Str) throw BAIL;
      if (end[Field.Reasoning] - start[Field.Reasoning] > 2) {
        this.lit(LIT.reasoning);
        this.copy(start[Field.Reasoning], end[Field.Reasoning]);
      }
    }
    if (ownCalls > 0) {
      this.lit(LIT.toolCalls);
      const cs = m.callSpans;
      for (let k = 0; k < ownCalls; k++) {
        const c = k * 6;
        if (k > 0) out[this.o++] = COMMA;
        this.lit(LIT.callId);
        this.copy(cs[c], cs[c + 1]);
        this.lit(LIT.callFn);
        this.copy(cs[c + 2], cs[c + 3]);
        this.lit(LIT.callArgs);
        this.copy(cs[c + 4], cs[c + 5]);
        this.lit(LIT.callEnd);
      }
      out[this.o++] = RBRACK;
    }
    if (isTool) {
      this.optional(LIT.toolCallId, m, Field.CallId);
      this.optional(LIT.name, m, Field.Name);
    }
    const weight = kind[Field.Weight];
    if (isAssistant && weight !== Kind.Absent) {
      if (weight === Kind.Other) throw BAIL;
      this.lit(LIT.weight);
      if (weight === Kind.Null) this.lit(LIT.null);
      else this.lit(utf8.encode(JSON.stringify(JSON.parse(latin1(this.s.b, start[Field.Weight], end[Field.Weight])))));
    }
    out[this.o++] = RBRACE;
    return isAssistant ? (ownCalls > 0 ? 3 : 2) : 1;
  }

  /** `,"key":value` for a field the general path writes when it is not undefined. */
  private optional(lit: Uint8Array, m: StoredMessage, f: Field): void {
    const kind = m.kind[f];
    if (kind === Kind.Absent) return;
    if (kind === Kind.Other) throw BAIL;
    this.lit(lit);
    this.copy(m.start[f], m.end[f]);
  }
}

const ROLE_ASSISTANT = asciiBytes('"assistant"');
const ROLE_USER = asciiBytes('"user"');
const ROLE_TOOL = asciiBytes('"tool"');
const utf8 = new TextEncoder();

const EMPTY = new Uint8Array(0);

function parseMeta(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Stored tools as the general path reads them (lib/db's parseStoredJson): bad JSON reads as none. */
function parseToolsText(text: string): ToolSpec[] {
  try {
    return JSON.parse(text) as ToolSpec[];
  } catch {
    return [];
  }
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let k = start; k < end; k++) s += String.fromCharCode(b[k]);
  return s;
}
