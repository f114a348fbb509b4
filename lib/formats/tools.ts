/**
 * Tool calls and tool definitions in their common shapes → canonical ToolCall / ToolSpec, and the
 * pairing of tool results with the calls they answer.
 */
import { asString, isRecord, typeName } from './guards';
import type { IssueSink } from './issues';
import type { Message, ToolCall, ToolSpec } from './types';

/** ToolCall.arguments must be a JSON string: strings stay as-is, anything else is stringified. */
export function argumentsString(args: unknown): string {
  if (typeof args === 'string') return args;
  if (args === undefined) return '{}';
  return JSON.stringify(args);
}

/**
 * An OpenAI-shaped ({id, type, function:{name, arguments}}) or flat ({id, name, arguments}) tool
 * call → ToolCall. Missing id gets `fallbackId`.
 */
export function toToolCall(raw: unknown, fallbackId: string): ToolCall | undefined {
  if (!isRecord(raw)) return undefined;
  const fn = isRecord(raw.function) ? raw.function : raw;
  const name = asString(fn.name);
  if (name === undefined) return undefined;
  const id = asString(raw.id) ?? asString(raw.call_id) ?? fallbackId;
  const call: ToolCall = { id, name, arguments: argumentsString(fn.arguments ?? fn.kwargs) };
  if (raw.requestor === 'user') call.requestor = 'user';
  return call;
}

/**
 * A tool definition in any common shape → ToolSpec: OpenAI nested `{type:'function', function:{…}}`,
 * Responses-API flat `{type:'function', name, parameters}`, or old `functions` style
 * `{name, description, parameters}`. Unknown shapes → undefined.
 */
export function toToolSpec(raw: unknown): ToolSpec | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.type !== undefined && raw.type !== 'function') return undefined;
  const fn = isRecord(raw.function) ? raw.function : raw;
  const name = asString(fn.name);
  if (name === undefined) return undefined;
  const spec: ToolSpec = { type: 'function', function: { name } };
  const description = asString(fn.description);
  if (description !== undefined) spec.function.description = description;
  if (isRecord(fn.parameters)) spec.function.parameters = fn.parameters;
  if (typeof fn.strict === 'boolean') spec.function.strict = fn.strict;
  return spec;
}

/**
 * A tools field → ToolSpec[]: an array, a JSON-encoded string of an array (glaive, LLaMA-Factory),
 * '' / null / undefined → []. Unreadable entries are reported and skipped.
 */
export function parseTools(value: unknown, sink: IssueSink, path: string): ToolSpec[] {
  if (value === null || value === undefined || value === '') return [];
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      sink.add(path, 'tools is a string that is not valid JSON; tools dropped');
      return [];
    }
  }
  if (!Array.isArray(list)) {
    sink.add(path, `tools is ${typeName(list)}, expected a list; tools dropped`);
    return [];
  }
  const out: ToolSpec[] = [];
  list.forEach((t, i) => {
    const spec = toToolSpec(t);
    if (spec) out.push(spec);
    else sink.add(`${path}[${i}]`, 'tool definition without a name; dropped');
  });
  return out;
}

/**
 * Fills in `tool_call_id` (and `name`) of tool messages. A tool message whose `tool_call_id`
 * matches a call that is still open is paired with that call; otherwise (missing id, or an id that
 * repeats) it answers the nearest preceding open call with that id, else the oldest open call of the
 * latest assistant turn. Results that answer no call are reported. Mutates and returns `messages`.
 */
export function pairToolResults(messages: Message[], sink?: IssueSink, basePath = '$.messages'): Message[] {
  // Open calls in order; a call is closed once a result answered it.
  let open: ToolCall[] = [];
  messages.forEach((m, i) => {
    if (m.tool_calls && m.tool_calls.length > 0) {
      // A new assistant turn: calls of earlier turns stay answerable (some agents interleave).
      open = [...open, ...m.tool_calls];
      return;
    }
    if (m.role !== 'tool') return;
    let idx = -1;
    if (m.tool_call_id !== undefined) {
      // nearest preceding (latest) open call with this id: ids may repeat within a trajectory
      for (let j = open.length - 1; j >= 0; j--)
        if (open[j].id === m.tool_call_id) {
          idx = j;
          break;
        }
      if (idx === -1) {
        sink?.add(`${basePath}[${i}]`, `tool result answers unknown call id ${JSON.stringify(m.tool_call_id)}`);
        return;
      }
    } else if (open.length > 0) {
      idx = 0;
    } else {
      sink?.add(`${basePath}[${i}]`, 'tool result without a preceding tool call');
      return;
    }
    const call = open[idx];
    m.tool_call_id = call.id;
    if (m.name === undefined) m.name = call.name;
    open.splice(idx, 1);
  });
  return messages;
}
