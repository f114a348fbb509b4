/**
 * Messages in the OpenAI chat shape (also LLaMA-Factory v1 typed parts): the one parser every
 * format that carries them uses. The rules are in README.md.
 */
import { normalizeRole } from '../content';
import { type JsonObject, asString, isRecord, typeName } from '../guards';
import type { IssueSink } from '../issues';
import { toToolCall } from '../tools';
import type { Message, ToolCall } from '../types';
import { type Conversation, type ParseState, emptyConversation, nextId } from './conversation';
import { parseParts } from './content-parts';
import { checkArguments } from './tool-call-text';

const TOOL_RESULT_ROLES = new Set(['tool']);

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
 * Strict by design (README.md): undefined = unreadable, the caller skips the record. No
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
