/**
 * OpenAI Responses API items → canonical messages (used by nemo-gym; reusable for any
 * Responses-shaped log).
 *
 * Rules (decided here, relied on by tests):
 * - message items (with or without `type`), any role; content string or parts (input_text,
 *   output_text...) → text.
 * - function_call → ToolCall on an assistant message. Consecutive calls, and calls right after an
 *   assistant text message, share one assistant message (the chat-completions shape).
 * - function_call_output → tool message, tool_call_id = call_id.
 * - reasoning → `reasoning` of the NEXT assistant turn (the Responses API emits reasoning before the
 *   message/call it produced). If no assistant turn follows before a user/tool item, it goes to the
 *   preceding assistant message of the same segment, else to its own assistant message with null
 *   content. Empty summaries carry nothing and are ignored.
 *
 * Written as plain functions over a state object (no per-call closures): this runs once per item
 * of a million rollouts.
 */
import type { Message, ToolCall } from '../types';
import { normalizeRole, textOf } from '../content';
import { asString, isRecord } from '../guards';
import type { IssueSink } from '../issues';
import { argumentsString } from '../tools';

export function reasoningText(item: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['summary', 'content'] as const) {
    const v = item[key];
    if (Array.isArray(v)) {
      for (const p of v) {
        const t = isRecord(p) ? (typeof p.text === 'string' ? p.text : '') : textOf(p);
        if (t) parts.push(t);
      }
    } else if (typeof v === 'string' && v) parts.push(v);
  }
  if (typeof item.reasoning === 'string' && item.reasoning) parts.push(item.reasoning);
  return parts.join('\n\n');
}

interface State {
  out: Message[];
  /** Messages before this index belong to an earlier segment: never fold into them. */
  start: number;
  reasoning: string;
  callSeq: number;
}

function lastAssistant(s: State): Message | undefined {
  const m = s.out[s.out.length - 1];
  return s.out.length > s.start && m !== undefined && m.role === 'assistant' ? m : undefined;
}

function takeReasoning(s: State, m: Message): void {
  if (!s.reasoning) return;
  m.reasoning = m.reasoning ? `${m.reasoning}\n\n${s.reasoning}` : s.reasoning;
  s.reasoning = '';
}

function flushReasoning(s: State): void {
  if (!s.reasoning) return;
  const prev = lastAssistant(s);
  if (prev) takeReasoning(s, prev);
  else {
    const m: Message = { role: 'assistant', content: null };
    takeReasoning(s, m);
    s.out.push(m);
  }
}

/** The JSON path of item i, built only when there is something to report. */
function at(base: string, i: number, suffix = ''): string {
  return `${base}[${i}]${suffix}`;
}

function appendItem(s: State, item: unknown, sink: IssueSink, base: string, i: number): void {
  if (!isRecord(item)) {
    sink.add(at(base, i), 'item is not an object; skipped');
    return;
  }
  const type = typeof item.type === 'string' ? item.type : item.role !== undefined ? 'message' : undefined;
  if (type === 'message') {
    const role = normalizeRole(item.role);
    if (!role) {
      sink.add(at(base, i, '.role'), `unknown role ${JSON.stringify(item.role)}; item skipped`);
      return;
    }
    if (role !== 'assistant') flushReasoning(s);
    const m: Message = { role, content: textOf(item.content) };
    if (role === 'assistant') takeReasoning(s, m);
    s.out.push(m);
  } else if (type === 'function_call') {
    const name = asString(item.name);
    if (name === undefined) {
      sink.add(at(base, i, '.name'), 'function_call without a name; skipped');
      return;
    }
    const call: ToolCall = {
      id: asString(item.call_id) ?? asString(item.id) ?? `call_${s.callSeq}`,
      name,
      arguments: argumentsString(item.arguments),
    };
    s.callSeq++;
    let m = lastAssistant(s);
    if (!m) {
      m = { role: 'assistant', content: null };
      s.out.push(m);
    }
    takeReasoning(s, m);
    if (m.tool_calls) m.tool_calls.push(call);
    else m.tool_calls = [call];
  } else if (type === 'function_call_output') {
    flushReasoning(s);
    const output = item.output;
    const m: Message = {
      role: 'tool',
      content: typeof output === 'string' ? output : textOf(output) || JSON.stringify(output ?? null),
    };
    const id = asString(item.call_id);
    if (id !== undefined) m.tool_call_id = id;
    s.out.push(m);
  } else if (type === 'reasoning') {
    const text = reasoningText(item);
    if (text) s.reasoning = s.reasoning ? `${s.reasoning}\n\n${text}` : text;
  } else {
    sink.add(at(base, i, '.type'), `unsupported item type ${JSON.stringify(item.type)}; skipped`);
  }
}

/**
 * Appends the messages of `items` to `out`. Items that are not objects or have unknown types are
 * reported and skipped. Folding never crosses into messages that were in `out` before the call.
 */
export function appendResponseItems(items: unknown[], out: Message[], sink: IssueSink, path: string): void {
  const s: State = { out, start: out.length, reasoning: '', callSeq: 0 };
  for (let i = 0; i < items.length; i++) appendItem(s, items[i], sink, path, i);
  flushReasoning(s);
}
