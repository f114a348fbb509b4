/**
 * The OpenAI cookbook's chat fine-tuning format checks ("Data preparation and analysis for chat
 * model fine-tuning"), plus the tool-call checks its later versions describe, as a pure function
 * over one JSONL line. Used by the tests on every openai-chat line; cheap enough for the UI.
 *
 * Decision: the *final* assistant message may carry tool calls nobody answered. OpenAI's own
 * function-calling examples end that way (train the call, not its result), and openai-chat's
 * default endOn:'last-assistant' produces it. Pass { allowTrailingToolCalls: false } to forbid it.
 */
export type OpenAiCheckCode =
  | 'data_type'
  | 'missing_messages_list'
  | 'message_missing_key'
  | 'message_unrecognized_key'
  | 'unrecognized_role'
  | 'missing_content'
  | 'example_missing_assistant_message'
  | 'empty_assistant_turn'
  | 'last_not_assistant'
  | 'tool_call_malformed'
  | 'tool_call_unanswered'
  | 'tool_result_unknown_id';

export interface OpenAiCheckIssue {
  code: OpenAiCheckCode;
  message: string;
  /** Index of the message concerned, when there is one. */
  index?: number;
}

export interface OpenAiCheckOptions {
  allowTrailingToolCalls?: boolean;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
const KEYS = new Set([
  'role',
  'content',
  'name',
  'function_call',
  'weight',
  'tool_calls',
  'tool_call_id',
  'reasoning_content',
]);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasText = (c: unknown) => (typeof c === 'string' ? c.length > 0 : Array.isArray(c) && c.length > 0);

export function checkOpenAiChatLine(line: string | unknown, opts: OpenAiCheckOptions = {}): OpenAiCheckIssue[] {
  const issues: OpenAiCheckIssue[] = [];
  const add = (code: OpenAiCheckCode, message: string, index?: number) =>
    issues.push(index === undefined ? { code, message } : { code, message, index });
  let ex: unknown = line;
  if (typeof line === 'string') {
    try {
      ex = JSON.parse(line);
    } catch {
      add('data_type', 'line is not valid JSON');
      return issues;
    }
  }
  if (!isObj(ex)) {
    add('data_type', 'example is not a JSON object');
    return issues;
  }
  const messages = ex.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    add('missing_messages_list', 'no messages list');
    return issues;
  }
  const allowTrailing = opts.allowTrailingToolCalls ?? true;
  const open = new Map<string, number>();
  let sawAssistant = false;
  messages.forEach((m, i) => {
    if (!isObj(m)) return add('data_type', 'message is not an object', i);
    if (!('role' in m) || !('content' in m)) add('message_missing_key', 'message needs role and content keys', i);
    for (const k of Object.keys(m)) if (!KEYS.has(k)) add('message_unrecognized_key', `unrecognised key ${k}`, i);
    if (typeof m.role !== 'string' || !ROLES.has(m.role)) add('unrecognized_role', `role ${JSON.stringify(m.role)}`, i);
    const calls = m.tool_calls;
    const hasCalls = Array.isArray(calls) && calls.length > 0;
    if (m.role === 'assistant') {
      sawAssistant = true;
      if (!hasText(m.content) && !hasCalls && m.function_call === undefined)
        add('empty_assistant_turn', 'assistant turn has no content and no tool calls', i);
      if (m.content !== null && m.content !== undefined && typeof m.content !== 'string' && !Array.isArray(m.content))
        add('missing_content', 'content must be text, parts or null', i);
      for (const c of hasCalls ? (calls as unknown[]) : []) {
        const fn = isObj(c) ? c.function : undefined;
        if (
          !isObj(c) ||
          typeof c.id !== 'string' ||
          c.type !== 'function' ||
          !isObj(fn) ||
          typeof fn.name !== 'string' ||
          typeof fn.arguments !== 'string'
        ) {
          add('tool_call_malformed', 'tool call must be {id, type:"function", function:{name, arguments: string}}', i);
          continue;
        }
        open.set(c.id as string, i);
      }
    } else if (m.role === 'tool') {
      if (typeof m.content !== 'string' && !Array.isArray(m.content))
        add('missing_content', 'tool message needs content', i);
      if (typeof m.tool_call_id !== 'string' || !open.has(m.tool_call_id))
        add('tool_result_unknown_id', `tool result answers no open call (${String(m.tool_call_id)})`, i);
      else open.delete(m.tool_call_id);
    } else if (typeof m.content !== 'string' && !Array.isArray(m.content)) {
      add('missing_content', `${String(m.role)} message needs content`, i);
    }
  });
  const lastIndex = messages.length - 1;
  for (const [id, at] of open) {
    if (allowTrailing && at === lastIndex) continue;
    add('tool_call_unanswered', `tool call ${id} has no tool result`, at);
  }
  if (!sawAssistant) add('example_missing_assistant_message', 'no assistant message');
  else if (!isObj(messages[lastIndex]) || messages[lastIndex].role !== 'assistant')
    add('last_not_assistant', 'the last message is not an assistant turn', lastIndex);
  return issues;
}
