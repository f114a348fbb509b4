/**
 * Helpers shared by the format modules whose records hold conversations: the chat and preference
 * formats (openai-chat, sft-json, hh-rlhf, openai-dpo, trl-preference, llamafactory-dpo, kto,
 * sharegpt) and the RL formats with OpenAI-shaped messages (rl-dump, verl-*, tau-bench-v1). Generic
 * helpers live in lib/formats (issues, guards, numbers, content, tools, drafts); this file holds what only conversation-shaped datasets need.
 *
 * Policy shared by all of them (so the import report reads the same everywhere):
 * - A record whose conversation cannot be represented faithfully (a message that is not an object,
 *   an unknown role, content of a wrong type, a tool call without a name) is SKIPPED with an issue:
 *   a silently altered conversation is worse training data than a missing one.
 * - Problems that leave the conversation intact (arguments that are not valid JSON or are
 *   double-encoded, an unreadable `tools` field, an unknown content part, a bad `weight`, an
 *   unpaired tool result) are reported and the record is KEPT.
 * - Tool calls without an id get a stable generated id `call_<record>_<n>` (n counts calls within
 *   the record), so re-importing a file gives the same ids and both sides of a preference pair get
 *   identical ids for their shared prefix.
 */
import type { ContentPart, Message, RecordContext, RolloutDraft, ToolCall } from '../types';
import { normalizeRole } from '../content';
import { newDraft } from '../drafts';
import { type JsonObject, asString, isRecord, typeName } from '../guards';
import type { IssueSink } from '../issues';
import { pairToolResults, toToolCall } from '../tools';

/** A conversation plus, per message, the JSON path it came from (for issues raised later). */
export interface Conversation {
  messages: Message[];
  paths: string[];
}

/** Mutable state while parsing one record: where issues go and how to name id-less tool calls. */
export interface ParseState {
  sink: IssueSink;
  idPrefix: string;
  /** Next generated call number. Copy the state to parse two sides from the same point. */
  next: number;
}

export function parseState(sink: IssueSink): ParseState {
  return { sink, idPrefix: `call_${sink.ctx.record}_`, next: 0 };
}

function nextId(st: ParseState): string {
  return `${st.idPrefix}${st.next++}`;
}

export function emptyConversation(): Conversation {
  return { messages: [], paths: [] };
}

/** Joined copy: a prompt shared by both sides of a pair must not share message objects. */
export function concatConversations(...parts: Conversation[]): Conversation {
  return {
    messages: parts.flatMap((p) => p.messages.map((m) => structuredClone(m))),
    paths: parts.flatMap((p) => p.paths),
  };
}

// ---------------------------------------------------------------------------------------------
// Tool-call arguments

/**
 * Reports arguments that are not JSON, or that are double-encoded (a JSON string whose value is JSON
 * text, as in the OpenAI cookbook's drone_training.jsonl). Either way the text is kept exactly as
 * written: ToolCall.arguments promises the source's text, and a model trained on the file saw that
 * text. Curation can flag these rollouts from the issue.
 */
export function checkArguments(args: unknown, path: string, sink: IssueSink): void {
  if (typeof args !== 'string') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    sink.add(path, 'arguments is not valid JSON; kept as written');
    return;
  }
  if (typeof parsed === 'string') {
    const inner = parsed.trim();
    if (inner.startsWith('{') || inner.startsWith('[')) {
      try {
        JSON.parse(inner);
        sink.add(path, 'arguments is double-encoded (a JSON string whose value is JSON text); kept as written');
      } catch {
        // a plain string argument that merely starts with a brace: nothing to say
      }
    }
  }
}

/**
 * A `{"name", "arguments"}` JSON text (ShareGPT function_call values, LLaMA-Factory tool_call parts)
 * → ToolCalls. The value may also be a list of such objects (parallel calls). Undefined = unreadable.
 */
export function parseCallText(text: string, path: string, st: ParseState): ToolCall[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    st.sink.add(path, 'tool call is not valid JSON {"name", "arguments"}');
    return undefined;
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const calls: ToolCall[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const call = toToolCall(item, '');
    const at = Array.isArray(parsed) ? `${path}[${i}]` : path;
    if (!call) {
      st.sink.add(at, 'tool call has no `name`');
      return undefined;
    }
    if (isRecord(item)) checkArguments(item.arguments, at, st.sink);
    if (call.id === '') call.id = nextId(st);
    calls.push(call);
  }
  return calls;
}

// ---------------------------------------------------------------------------------------------
// Messages in the OpenAI chat shape (also LLaMA-Factory v1 typed parts)

const TOOL_RESULT_ROLES = new Set(['tool']);

/**
 * Content parts → text/image content, reasoning text and tool calls. Handles OpenAI parts
 * ({type:'text', text}, {type:'image_url', image_url:{url}}) and LLaMA-Factory v1 typed parts
 * ({type:'text'|'reasoning'|'tool_call', value}). Undefined = unreadable (record skipped).
 */
function parseParts(
  parts: unknown[],
  path: string,
  st: ParseState,
): { content: string | ContentPart[] | null; reasoning?: string; calls: ToolCall[] } | undefined {
  const out: ContentPart[] = [];
  const reasoning: string[] = [];
  const calls: ToolCall[] = [];
  let hasText = false;
  let hasImage = false;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const at = `${path}[${i}]`;
    if (typeof p === 'string') {
      out.push({ type: 'text', text: p });
      hasText = true;
      continue;
    }
    if (!isRecord(p)) {
      st.sink.add(at, `content part is ${typeName(p)}, expected an object`);
      return undefined;
    }
    const text = asString(p.text) ?? asString(p.value);
    switch (p.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        if (text === undefined) {
          st.sink.add(at, 'text part has no string `text` or `value`');
          return undefined;
        }
        out.push({ type: 'text', text });
        hasText = true;
        break;
      case 'reasoning':
      case 'thinking':
        if (text !== undefined) reasoning.push(text);
        break;
      case 'tool_call': {
        if (text === undefined) {
          st.sink.add(at, 'tool_call part has no string `value`');
          return undefined;
        }
        const parsed = parseCallText(text, `${at}.value`, st);
        if (!parsed) return undefined;
        calls.push(...parsed);
        break;
      }
      case 'image_url':
      case 'input_image': // the Responses API's spelling, seen in chat logs written from it
      case 'image': {
        const url = isRecord(p.image_url) ? asString(p.image_url.url) : (asString(p.image_url) ?? asString(p.value));
        if (url === undefined) st.sink.add(at, 'image part without a url; dropped');
        else {
          out.push({ type: 'image_url', image_url: { url } });
          hasImage = true;
        }
        break;
      }
      default:
        st.sink.add(at, `content part of type ${JSON.stringify(p.type)} is not supported; dropped`);
    }
  }
  // Text-only part lists collapse to one string, as content.toContent does, so every format stores
  // the same content for the same text.
  let content: string | ContentPart[] | null;
  if (hasImage) content = out;
  else if (hasText) content = out.map((p) => (p.type === 'text' ? p.text : '')).join('');
  else content = null;
  return { content, reasoning: reasoning.length > 0 ? reasoning.join('\n') : undefined, calls };
}

/**
 * The reasoning text of a message from `reasoning_content` or `reasoning`; empty strings carry
 * nothing. When both hold different text, `reasoning_content` wins and the other is reported:
 * `reasoning_content` means only "the model's reasoning text" wherever it appears (DeepSeek, vLLM,
 * the Qwen3/R1 chat templates a training export feeds, Sift's own openai-chat export), while
 * `reasoning` is a newer alias (vLLM ≥ 0.10 writes both with the same text) and in other APIs names a
 * setting (`reasoning: {effort}`). Equal text in both, the common case, is no conflict.
 */
function readReasoning(raw: JsonObject, path: string, sink: IssueSink): string | undefined {
  const content = asString(raw.reasoning_content) || undefined;
  const alias = asString(raw.reasoning) || undefined;
  if (content !== undefined && alias !== undefined && content !== alias) {
    sink.add(`${path}.reasoning`, 'reasoning and reasoning_content differ; kept reasoning_content');
  }
  return content ?? alias;
}

/**
 * One OpenAI-shaped message: the ONE parser for this shape, used by every format that carries it
 * (chat, preference and RL formats alike), so a message imports the same whichever file it came in.
 * Strict by design (see the policy above): undefined = unreadable, the caller skips the record. No
 * format needs a lenient mode: the RL formats that used to drop bad messages and keep the record
 * import every repo and real-data fixture (test/conformance) exactly as before under this parser.
 */
export function parseChatMessage(raw: unknown, path: string, st: ParseState): Message | undefined {
  const { sink } = st;
  if (!isRecord(raw)) {
    sink.add(path, `message is ${typeName(raw)}, expected an object`);
    return undefined;
  }
  const role = normalizeRole(raw.role);
  if (!role) {
    sink.add(
      `${path}.role`,
      raw.role === undefined ? 'message has no `role`' : `unknown role ${JSON.stringify(raw.role)}`,
    );
    return undefined;
  }
  const msg: Message = { role, content: null };
  const calls: ToolCall[] = [];

  const content = raw.content;
  if (typeof content === 'string') msg.content = content;
  else if (Array.isArray(content)) {
    const parsed = parseParts(content, `${path}.content`, st);
    if (!parsed) return undefined;
    msg.content = parsed.content;
    if (parsed.reasoning !== undefined) msg.reasoning = parsed.reasoning;
    calls.push(...parsed.calls);
  } else if (content !== null && content !== undefined) {
    // A missing `content` key is normal for tool-call turns; any other type is not.
    sink.add(`${path}.content`, `content is ${typeName(content)}, expected a string, a list of parts or null`);
    return undefined;
  }

  const rawCalls = raw.tool_calls;
  if (rawCalls !== undefined && rawCalls !== null) {
    if (!Array.isArray(rawCalls)) {
      sink.add(`${path}.tool_calls`, `tool_calls is ${typeName(rawCalls)}, expected a list`);
      return undefined;
    }
    for (let i = 0; i < rawCalls.length; i++) {
      const at = `${path}.tool_calls[${i}]`;
      const call = toToolCall(rawCalls[i], '');
      if (!call) {
        sink.add(at, 'tool call has no function name');
        return undefined;
      }
      const fn = isRecord(rawCalls[i]) ? (rawCalls[i] as JsonObject) : {};
      const argsHolder = isRecord(fn.function) ? fn.function : fn;
      checkArguments(argsHolder.arguments, `${at}${isRecord(fn.function) ? '.function' : ''}.arguments`, sink);
      if (call.id === '') call.id = nextId(st);
      calls.push(call);
    }
  }
  // Legacy OpenAI `function_call` (pre tool_calls): one call without an id.
  if (isRecord(raw.function_call)) {
    const call = toToolCall(raw.function_call, '');
    if (!call) {
      sink.add(`${path}.function_call`, 'function_call has no `name`');
      return undefined;
    }
    checkArguments(raw.function_call.arguments, `${path}.function_call.arguments`, sink);
    call.id = nextId(st);
    calls.push(call);
  }
  if (calls.length > 0) msg.tool_calls = calls;

  if (TOOL_RESULT_ROLES.has(role)) {
    const callId = raw.tool_call_id;
    if (typeof callId === 'string') msg.tool_call_id = callId;
    else if (typeof callId === 'number') msg.tool_call_id = String(callId);
    const name = asString(raw.name);
    if (name !== undefined) msg.name = name;
    // A tool result is text (OpenAI rejects a null one); null means the tool returned nothing.
    if (msg.content === null) msg.content = '';
  }
  // Reasoning parts (LLaMA-Factory v1) are the message's own structure: they win over the fields.
  if (msg.reasoning === undefined) {
    const reasoning = readReasoning(raw, path, sink);
    if (reasoning !== undefined) msg.reasoning = reasoning;
  }

  // OpenAI `weight` (0/1 on assistant turns) and LLaMA-Factory `loss_weight` mean the same thing.
  const weightKey = raw.weight !== undefined ? 'weight' : raw.loss_weight !== undefined ? 'loss_weight' : undefined;
  if (weightKey) {
    const w = raw[weightKey];
    if (typeof w === 'number' && Number.isFinite(w)) msg.weight = w;
    else sink.add(`${path}.${weightKey}`, `${weightKey} is ${typeName(w)}, expected a number; ignored`);
  }
  return msg;
}

/** A list of OpenAI-shaped messages at `path`. Undefined = unreadable (the caller skips). */
export function parseChatMessages(raw: unknown, path: string, st: ParseState): Conversation | undefined {
  if (!Array.isArray(raw)) {
    st.sink.add(
      path,
      raw === undefined ? 'missing list of messages' : `expected a list of messages, got ${typeName(raw)}`,
    );
    return undefined;
  }
  const conv = emptyConversation();
  for (let i = 0; i < raw.length; i++) {
    const at = `${path}[${i}]`;
    const msg = parseChatMessage(raw[i], at, st);
    if (!msg) return undefined;
    conv.messages.push(msg);
    conv.paths.push(at);
  }
  return conv;
}

// ---------------------------------------------------------------------------------------------
// ShareGPT turns ({from, value})

const SHAREGPT_ROLES: Record<string, 'system' | 'user' | 'assistant' | 'call' | 'tool'> = {
  system: 'system',
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
  bot: 'assistant',
  function_call: 'call',
  observation: 'tool',
  tool: 'tool',
  function: 'tool',
};

/**
 * One ShareGPT turn. `function_call` turns become an assistant message with tool_calls (content
 * null); `observation` turns become tool messages. `role`/`content` keys are accepted too, since
 * LLaMA-Factory lets a dataset rename the tags.
 */
export function parseShareGptTurn(raw: unknown, path: string, st: ParseState): Message | undefined {
  const { sink } = st;
  if (!isRecord(raw)) {
    sink.add(path, `turn is ${typeName(raw)}, expected an object {from, value}`);
    return undefined;
  }
  const fromKey = raw.from !== undefined ? 'from' : 'role';
  const from = raw[fromKey];
  const kind = typeof from === 'string' ? SHAREGPT_ROLES[from.toLowerCase()] : undefined;
  if (!kind) {
    sink.add(
      `${path}.${fromKey}`,
      from === undefined ? 'turn has no `from`' : `unknown speaker ${JSON.stringify(from)}`,
    );
    return undefined;
  }
  const valueKey = raw.value !== undefined ? 'value' : 'content';
  const value = raw[valueKey];
  if (typeof value !== 'string') {
    sink.add(`${path}.${valueKey}`, `${valueKey} is ${typeName(value)}, expected a string`);
    return undefined;
  }
  if (kind === 'call') {
    const calls = parseCallText(value, `${path}.${valueKey}`, st);
    if (!calls) return undefined;
    return { role: 'assistant', content: null, tool_calls: calls };
  }
  return { role: kind, content: value };
}

export function parseShareGptTurns(raw: unknown, path: string, st: ParseState): Conversation | undefined {
  if (!Array.isArray(raw)) {
    st.sink.add(path, raw === undefined ? 'missing list of turns' : `expected a list of turns, got ${typeName(raw)}`);
    return undefined;
  }
  const conv = emptyConversation();
  for (let i = 0; i < raw.length; i++) {
    const at = `${path}[${i}]`;
    const msg = parseShareGptTurn(raw[i], at, st);
    if (!msg) return undefined;
    conv.messages.push(msg);
    conv.paths.push(at);
  }
  return conv;
}

/** ShareGPT's top-level `system` string becomes a leading system message. */
export function withSystem(conv: Conversation, system: unknown, st: ParseState): Conversation {
  if (system === undefined || system === null || system === '') return conv;
  if (typeof system !== 'string') {
    st.sink.add('$.system', `system is ${typeName(system)}, expected a string; ignored`);
    return conv;
  }
  return concatConversations({ messages: [{ role: 'system', content: system }], paths: ['$.system'] }, conv);
}

// ---------------------------------------------------------------------------------------------
// Finishing a conversation: combined tool results and pairing

/**
 * LLaMA-Factory writes the results of N parallel calls as ONE tool turn whose text is a JSON list of
 * N results (`[{"name", "content"}, …]`). The canonical model wants one tool message per call, so
 * such a turn is split when the list length equals the number of calls; otherwise it is left whole
 * and pairs with the first call.
 */
function splitCombinedToolResults(conv: Conversation): Conversation {
  const out = emptyConversation();
  const { messages, paths } = conv;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const prev = messages[i - 1];
    const next = messages[i + 1];
    const n = prev?.tool_calls?.length ?? 0;
    if (
      m.role === 'tool' &&
      n > 1 &&
      next?.role !== 'tool' &&
      m.tool_call_id === undefined &&
      typeof m.content === 'string'
    ) {
      const items = parseJsonList(m.content);
      if (items && items.length === n) {
        items.forEach((item, k) => {
          const part: Message = { role: 'tool', content: resultText(item) };
          const name = isRecord(item) ? asString(item.name) : undefined;
          if (name !== undefined) part.name = name;
          out.messages.push(part);
          out.paths.push(`${paths[i]}[${k}]`);
        });
        continue;
      }
    }
    out.messages.push(m);
    out.paths.push(paths[i]);
  }
  return out;
}

function parseJsonList(text: string): unknown[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function resultText(item: unknown): string {
  if (isRecord(item) && 'content' in item) {
    return typeof item.content === 'string' ? item.content : JSON.stringify(item.content);
  }
  return typeof item === 'string' ? item : JSON.stringify(item);
}

/**
 * Splits combined tool results and pairs every tool message with its call (tools.pairToolResults),
 * reporting unpaired results at their source path.
 */
export function finishConversation(conv: Conversation, sink: IssueSink): Conversation {
  const done = splitCombinedToolResults(conv);
  const base = '$__messages';
  const remap: IssueSink = {
    ctx: sink.ctx,
    issues: sink.issues,
    add(path, message) {
      const m = /^\$__messages\[(\d+)\](.*)$/.exec(path);
      sink.add(m ? `${done.paths[Number(m[1])] ?? '$'}${m[2]}` : path, message);
    },
  };
  pairToolResults(done.messages, remap, base);
  return done;
}

// ---------------------------------------------------------------------------------------------
// Preference pairs

function sameMessage(a: Message, b: Message): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The prompt of an implicit-prompt pair (HH-RLHF, TRL implicit, LLaMA-Factory v1): the longest
 * common prefix of whole messages, cut back so that it ends with a user turn (a prompt that ends
 * mid-answer is not what a DPO trainer expects) and so that each side keeps at least one message.
 * 0 means the sides share no prompt.
 */
export function sharedPromptLength(chosen: Message[], rejected: Message[]): number {
  let n = 0;
  const max = Math.min(chosen.length, rejected.length);
  while (n < max && sameMessage(chosen[n], rejected[n])) n++;
  n = Math.min(n, chosen.length - 1, rejected.length - 1);
  while (n > 0 && chosen[n - 1].role !== 'user') n--;
  return Math.max(n, 0);
}

/** True when the prompt ends before the last user turn of either side (they diverge earlier). */
export function divergesEarly(promptLength: number, chosen: Message[], rejected: Message[]): boolean {
  const lastUser = (ms: Message[]) => ms.map((m) => m.role).lastIndexOf('user');
  return lastUser(chosen) >= promptLength || lastUser(rejected) >= promptLength;
}

export interface PairInput {
  ctx: RecordContext;
  chosen: Message[];
  rejected: Message[];
  promptLength: number;
  tools?: RolloutDraft['tools'];
  /** Extra fields for both sides (meta, taskId, split...). */
  common?: Partial<RolloutDraft>;
  /** Extra metrics per side (TRL score_chosen/score_rejected). */
  chosenMetrics?: Record<string, number>;
  rejectedMetrics?: Record<string, number>;
}

/**
 * Both sides of a preference pair as rollouts of the same prompt: chosen reward 1, rejected 0 (the
 * sources carry only the preference), linked by `pair.id` = the record index.
 */
export function pairDrafts(input: PairInput): RolloutDraft[] {
  const { ctx, promptLength } = input;
  const id = `${ctx.record}`;
  const side = (which: 'chosen' | 'rejected', messages: Message[], metrics: Record<string, number> = {}) =>
    newDraft(ctx, {
      externalId: `${id}:${which}`,
      messages,
      tools: input.tools ?? [],
      reward: which === 'chosen' ? 1 : 0,
      metrics,
      promptLength,
      pair: { id, side: which },
      ...input.common,
    });
  return [side('chosen', input.chosen, input.chosenMetrics), side('rejected', input.rejected, input.rejectedMetrics)];
}

// ---------------------------------------------------------------------------------------------
// Detection helpers

/** The object-valued samples of a probe. */
export function objectSamples(samples: unknown[]): JsonObject[] {
  return samples.filter(isRecord);
}

/** "`a`, `b`, `c`" for reasons. */
export function keyList(obj: unknown, max = 6): string {
  if (!isRecord(obj)) return typeName(obj);
  const keys = Object.keys(obj);
  const shown = keys
    .slice(0, max)
    .map((k) => `\`${k}\``)
    .join(', ');
  return keys.length > max ? `${shown}, …` : shown || 'no keys';
}

/** Fraction of samples for which `test` holds (0 when there are none). */
export function share<T>(items: T[], test: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  return items.filter(test).length / items.length;
}

/** True for a list of objects that all have a string `role` (a chat message list). */
export function isRoleList(value: unknown): value is JsonObject[] {
  return Array.isArray(value) && value.length > 0 && value.every((m) => isRecord(m) && typeof m.role === 'string');
}

/** True for a list of ShareGPT turns ({from, value}). */
export function isTurnList(value: unknown): value is JsonObject[] {
  return Array.isArray(value) && value.length > 0 && value.every((m) => isRecord(m) && typeof m.from === 'string');
}

/** True when some message has content parts keyed `value` (LLaMA-Factory v1 typed parts). */
export function hasValueParts(messages: unknown): boolean {
  return (
    Array.isArray(messages) &&
    messages.some(
      (m) =>
        isRecord(m) && Array.isArray(m.content) && m.content.some((p) => isRecord(p) && 'value' in p && !('text' in p)),
    )
  );
}

/**
 * Top-level keys worth keeping in meta (e.g. RFT grader fields). Values larger than `maxChars` of
 * JSON are left out with an issue, so meta stays small.
 */
export function extraFields(
  obj: JsonObject,
  known: ReadonlySet<string>,
  sink: IssueSink,
  maxChars = 4096,
): JsonObject | undefined {
  const out: JsonObject = {};
  let any = false;
  for (const [k, v] of Object.entries(obj)) {
    if (known.has(k) || v === undefined) continue;
    const size = JSON.stringify(v)?.length ?? 0;
    if (size > maxChars) {
      sink.add(`$.${k}`, `field is ${size} characters of JSON; not kept in metadata`);
      continue;
    }
    out[k] = v;
    any = true;
  }
  return any ? out : undefined;
}
