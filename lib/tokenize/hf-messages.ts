/**
 * Messages as a chat template receives them: the objects an export line holds, as a trainer loads
 * them (Python's json.loads, then apply_chat_template(messages, tools=tools)).
 *
 * - Every key the line has is kept as written, so the template sees what a trainer's would: tool
 *   calls keep their JSON-text `arguments` (Qwen3's template prints a string verbatim), reasoning is
 *   `reasoning_content` only when the export writes it.
 * - `content` null (beside tool calls) or missing becomes '' and content parts become their text
 *   joined: Qwen3's template runs `'</think>' in message.content`, which fails on None in Python
 *   too, so every trainer has to do this (the bench's Python loop does the same).
 */
import type { Message } from '../formats/types';

/** A message in the shape the template reads. */
export type HfMessage = { role: string; content: string } & Record<string, unknown>;

export function contentText(content: Message['content'] | undefined): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** An exported message (OpenAI shape, or canonical for rollouts-jsonl) as the template reads it. */
export function templateMessage(m: { role: string; content?: Message['content'] }): HfMessage {
  return { ...(m as Record<string, unknown>), role: m.role, content: contentText(m.content) };
}

/** Names of the tool calls of a message in either shape ({function:{name}} or {name}). */
export function callNames(m: Record<string, unknown>): string[] {
  const calls = m.tool_calls;
  if (!Array.isArray(calls)) return [];
  return calls.map((c: { name?: unknown; function?: { name?: unknown } }) =>
    String((c.function && typeof c.function === 'object' ? c.function.name : c.name) ?? ''),
  );
}

/** Messages the policy produced and a trainer would learn from. Simulated-user calls never are. */
export function isTrainableAssistant(m: Message): boolean {
  if (m.role !== 'assistant' || m.requestor === 'user') return false;
  const calls = m.tool_calls ?? [];
  return !(calls.length > 0 && calls.every((c) => c.requestor === 'user'));
}

export function isSystemLike(m: { role: string }): boolean {
  return m.role === 'system' || m.role === 'developer';
}
