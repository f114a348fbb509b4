/** Small helpers over canonical messages shared by the review modules. */
import type { Message } from '../formats/types';

/** The text of a message's content (text parts joined; images contribute nothing). */
export function textOf(content: Message['content']): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** The policy's own tool calls on a message (simulated-user calls, tau2 telecom, are not its actions). */
export function ownCalls(m: Message): NonNullable<Message['tool_calls']> {
  return (m.tool_calls ?? []).filter((c) => c.requestor !== 'user');
}
