/** ShareGPT turns ({from, value}) → canonical messages. */
import { isRecord, typeName } from '../guards';
import type { Message } from '../types';
import { type Conversation, type ParseState, concatConversations, emptyConversation } from './conversation';
import { parseCallText } from './tool-call-text';

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
