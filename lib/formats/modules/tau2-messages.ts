/**
 * tau2 messages → canonical messages. tau2 tool calls are `{id, name, arguments: object,
 * requestor}`; results are `{id, role:'tool', requestor, error}` (paired by id, by position where
 * ids repeat: see tools.pairToolResults). User-side calls (telecom) keep requestor:'user' on the
 * call, the user message that carries it and its results.
 */
import type { Message, ToolCall } from '../types';
import { normalizeRole, toContent } from '../content';
import { asString, isRecord } from '../guards';
import type { IssueSink } from '../issues';
import { argumentsString } from '../tools';

export function mapTau2Messages(raw: unknown[], sink: IssueSink, basePath: string, offset: number): Message[] {
  const out: Message[] = [];
  raw.forEach((m, i) => {
    const p = `${basePath}[${i}]`;
    if (!isRecord(m)) {
      sink.add(p, 'message is not an object; skipped');
      return;
    }
    const role = normalizeRole(m.role);
    if (!role) {
      sink.add(`${p}.role`, `unknown role ${JSON.stringify(m.role)}; message skipped`);
      return;
    }
    const msg: Message = { role, content: toContent(m.content) };
    if (role === 'tool') {
      const id = asString(m.id) ?? asString(m.tool_call_id);
      if (id !== undefined) msg.tool_call_id = id;
      if (m.requestor === 'user') msg.requestor = 'user';
      if (m.error === true) msg.error = true;
      if (msg.content === null) msg.content = '';
    } else if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) {
      const calls: ToolCall[] = [];
      m.tool_calls.forEach((c, j) => {
        if (!isRecord(c)) {
          sink.add(`${p}.tool_calls[${j}]`, 'tool call is not an object; skipped');
          return;
        }
        const fn = isRecord(c.function) ? c.function : c; // tolerate OpenAI-shaped calls too
        const name = asString(fn.name);
        if (name === undefined) {
          sink.add(`${p}.tool_calls[${j}].name`, 'tool call without a name; skipped');
          return;
        }
        const call: ToolCall = {
          id: asString(c.id) ?? `call_${offset + i}_${j}`,
          name,
          arguments: argumentsString(fn.arguments),
        };
        if (c.requestor === 'user' || (c.requestor === undefined && role === 'user')) call.requestor = 'user';
        calls.push(call);
      });
      if (calls.length > 0) msg.tool_calls = calls;
      if (role === 'user' && calls.length > 0) msg.requestor = 'user';
    }
    if (typeof m.reasoning === 'string' && m.reasoning) msg.reasoning = m.reasoning;
    out.push(msg);
  });
  return out;
}

/**
 * Voice (full-duplex) simulations have `ticks` instead of messages. A tick's chunks carry text only
 * in some writers (`content`/`transcript`); consecutive same-role text is joined into one message.
 * Returns [] when no tick holds text (the recorded upstream test data holds none).
 */
export function messagesFromTicks(ticks: unknown[]): Message[] {
  const out: Message[] = [];
  for (const t of ticks) {
    if (!isRecord(t)) continue;
    for (const key of ['user_chunk', 'agent_chunk'] as const) {
      const c = t[key];
      if (!isRecord(c)) continue;
      const text = asString(c.content) ?? asString(c.transcript) ?? asString(c.text);
      if (!text) continue;
      const role = key === 'user_chunk' ? 'user' : 'assistant';
      const last = out[out.length - 1];
      if (last && last.role === role && typeof last.content === 'string') last.content += text;
      else out.push({ role, content: text });
    }
  }
  return out;
}
