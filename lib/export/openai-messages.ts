/**
 * Canonical messages → OpenAI chat messages, the shape every SFT/preference target starts from.
 *
 * Rules (why):
 * - Every message has a string `content` (or content parts), also an assistant turn that only calls
 *   tools: there it is "". HF chat templates read `message.content` as text: Qwen3's raises on a
 *   missing key and on null (`'</think>' in message.content`), Llama 3's prints null as "None".
 *   OpenAI accepts "" beside tool_calls.
 * - Tool calls become `{id, type:'function', function:{name, arguments}}` with arguments kept as the
 *   JSON text the source had.
 * - Simulated-user tool activity (`requestor: 'user'`, tau2 telecom) is never an assistant action.
 *   `userTools: 'drop'` (default) removes the user's calls and their results and keeps the user's
 *   words; `'fold'` writes them into the user turn as text ("[user called toggle_data({})] → ...")
 *   so the agent still sees what the user did. User turns that become adjacent through either
 *   rule are merged, since many templates require user/assistant alternation.
 * - Assistant turns with no text and no calls are dropped (OpenAI rejects empty assistant turns).
 * - `reasoning` is dropped unless `reasoning: 'reasoning_content'` (OpenAI's validator rejects
 *   unknown keys; Qwen3-style templates read `reasoning_content`).
 */
import type { ContentPart, Message, Role } from '../formats/types';

export interface OpenAiToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface OpenAiMessage {
  role: Role;
  content: string | ContentPart[] | null;
  reasoning_content?: string;
  tool_calls?: OpenAiToolCall[];
  tool_call_id?: string;
  name?: string;
  weight?: number;
}

export interface ProjectOptions {
  userTools?: 'drop' | 'fold';
  reasoning?: 'drop' | 'reasoning_content';
}

/** A projected message and the index of the canonical message it came from. */
export interface Projected {
  message: OpenAiMessage;
  source: number;
}

export function textOf(content: Message['content']): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

function isEmpty(content: Message['content']): boolean {
  return content === null || (typeof content === 'string' ? content.length === 0 : content.length === 0);
}

function toolCallOut(id: string, name: string, args: string): OpenAiToolCall {
  return { id, type: 'function', function: { name, arguments: args } };
}

/**
 * Content with a fixed key order in its parts ({type, text} / {type, image_url}), whatever order
 * the database stored them in (it stores canonical JSON, keys sorted), so output bytes are stable.
 */
export function contentOut<C extends Message['content']>(content: C): C {
  if (!Array.isArray(content)) return content;
  return content.map((p): ContentPart =>
    p.type === 'text'
      ? { type: 'text', text: p.text }
      : p.type === 'image_url'
        ? { type: 'image_url', image_url: p.image_url }
        : p,
  ) as C;
}

/** Builds the message with a fixed key order so output bytes are stable. */
function message(
  m: Message,
  opts: ProjectOptions,
  content: OpenAiMessage['content'],
  calls?: OpenAiToolCall[],
): OpenAiMessage {
  const out: OpenAiMessage = { role: m.role, content: contentOut(content) };
  if (opts.reasoning === 'reasoning_content' && m.reasoning) out.reasoning_content = m.reasoning;
  if (calls && calls.length > 0) out.tool_calls = calls;
  if (m.role === 'tool') {
    if (m.tool_call_id !== undefined) out.tool_call_id = m.tool_call_id;
    if (m.name !== undefined) out.name = m.name;
  }
  if (m.weight !== undefined && m.role === 'assistant') out.weight = m.weight;
  return out;
}

export function projectMessages(messages: readonly Message[], opts: ProjectOptions = {}): Projected[] {
  const fold = opts.userTools === 'fold';
  const userCallIds = new Set<string>();
  const out: Projected[] = [];
  // True while the last emitted user turn may absorb the next user turn (see module doc).
  let mergeable = false;

  const appendToUser = (text: string, source: number) => {
    const last = out[out.length - 1];
    // User-side material always joins an adjacent user turn; plain user text only when `mergeable`.
    if (last && last.message.role === 'user' && typeof last.message.content === 'string') {
      last.message.content = last.message.content ? `${last.message.content}\n\n${text}` : text;
    } else {
      out.push({ message: { role: 'user', content: text }, source });
    }
    mergeable = true;
  };

  // A user-side call or result sat between the last emitted user turn and now: the next user
  // text may join that turn instead of making two user turns in a row.
  const markUserSide = () => {
    if (out[out.length - 1]?.message.role === 'user') mergeable = true;
  };

  messages.forEach((m, i) => {
    const calls = m.tool_calls ?? [];
    const userCalls = calls.filter((c) => c.requestor === 'user' || m.role === 'user');
    for (const c of userCalls) userCallIds.add(c.id);

    if (
      m.role === 'tool' &&
      (m.requestor === 'user' || (m.tool_call_id !== undefined && userCallIds.has(m.tool_call_id)))
    ) {
      if (fold) appendToUser(`[result of ${m.name ?? 'user tool'}] ${textOf(m.content)}`, i);
      else markUserSide();
      return;
    }
    if (m.role === 'user') {
      if (userCalls.length > 0) {
        const lines = fold ? userCalls.map((c) => `[user called ${c.name}(${c.arguments})]`) : [];
        const body = [textOf(m.content), ...lines].filter((s) => s.length > 0).join('\n');
        if (body) appendToUser(body, i);
        else markUserSide();
        return;
      }
      if (mergeable && typeof m.content === 'string') {
        appendToUser(m.content, i);
      } else {
        out.push({ message: message(m, opts, m.content ?? ''), source: i });
      }
      mergeable = false;
      return;
    }
    mergeable = false;
    if (m.role === 'assistant') {
      const own = calls.filter((c) => c.requestor !== 'user').map((c) => toolCallOut(c.id, c.name, c.arguments));
      if (isEmpty(m.content) && own.length === 0) return;
      out.push({ message: message(m, opts, isEmpty(m.content) ? '' : m.content, own), source: i });
      return;
    }
    // system, developer, tool: content must be a string (or parts), never null.
    out.push({ message: message(m, opts, m.content ?? ''), source: i });
  });
  return out;
}

/** Index of the last assistant message, or -1. */
export function lastAssistantIndex(messages: readonly { role: Role }[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'assistant') return i;
  return -1;
}

/**
 * Cuts the conversation after its last assistant message (`'last-assistant'`), or after the last
 * assistant message without tool calls (`'last-text-assistant'`, so every call is answered).
 * Returns null when there is no such message.
 */
export function trimToAssistant<T extends { role: Role; tool_calls?: unknown[] }>(
  messages: readonly T[],
  endOn: 'last-assistant' | 'last-text-assistant' = 'last-assistant',
): T[] | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role !== 'assistant') continue;
    if (endOn === 'last-text-assistant' && m.tool_calls && m.tool_calls.length > 0) continue;
    return messages.slice(0, i + 1);
  }
  return null;
}
