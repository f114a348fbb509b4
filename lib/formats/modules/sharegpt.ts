/**
 * ShareGPT-style conversations:
 * - LLaMA-Factory ShareGPT: `{conversations: [{from: human|gpt|system|function_call|observation,
 *   value}], system?, tools?: JSON string}` (glaive tool-call demo). `tools` may be "" or "[]" and
 *   may use the old `{name, description, parameters}` style (tools.parseTools wraps it).
 * - FastChat: `{id, conversations}`; `id` is the taskId and the externalId.
 * - LLaMA-Factory v1 typed parts: `{messages: [{role, content: [{type:'text'|'reasoning'|'tool_call',
 *   value}]}], tools: JSON string}`.
 * A function_call turn's value `{"name", "arguments": {…}}` becomes a ToolCall with a generated id
 * `call_<record>_<n>`; the following observation is paired with it. A single tool turn that answers
 * N parallel calls with a JSON list of N results is split into N tool messages (chat/finish-conversation).
 */
import type { Detection, FormatModule, Probe, RecordContext, RecordResult } from '../types';
import { idString, newDraft } from '../drafts';
import { isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { parseTools } from '../tools';
import { type Conversation, parseState } from '../chat/conversation';
import { hasValueParts, isRoleList, isTurnList, keyList, objectSamples, share } from '../chat/detection';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';
import { parseShareGptTurns, withSystem } from '../chat/sharegpt-turns';

/** Keys that make a record preference data, owned by llamafactory-dpo / kto. */
const PREFERENCE_KEYS = ['chosen', 'rejected', 'label', 'kto_tag'];

function detect(probe: Probe): Detection {
  const objs = objectSamples(probe.samples);
  if (objs.length === 0) return { score: 0, reason: 'no JSON object records to check for `conversations`' };
  const preference = objs.some((s) => PREFERENCE_KEYS.some((k) => k in s));
  const turns = share(objs, (s) => isTurnList(s.conversations));
  const typed = share(objs, (s) => isRoleList(s.messages) && hasValueParts(s.messages));
  if (preference && (turns > 0 || typed > 0)) {
    return { score: 0.2, reason: 'records have ShareGPT turns but also chosen/rejected or a label (preference data)' };
  }
  if (turns === 1) {
    const fastchat = objs.every((s) => typeof s.id === 'string');
    const tools = objs.some(
      (s) =>
        typeof s.tools === 'string' ||
        (isTurnList(s.conversations) && s.conversations.some((t) => t.from === 'function_call')),
    );
    const kind = fastchat ? 'FastChat {id, conversations}' : tools ? 'LLaMA-Factory ShareGPT with tools' : 'ShareGPT';
    return { score: 0.9, reason: `records have \`conversations\` of {from, value} turns (${kind})` };
  }
  if (typed === 1) {
    return {
      score: 0.9,
      reason: 'records have `messages` whose content is a list of {type, value} parts (LLaMA-Factory v1 typed parts)',
    };
  }
  if (turns > 0 || typed > 0) return { score: 0.5, reason: 'some records are ShareGPT conversations, some are not' };
  return { score: 0, reason: `no \`conversations\` key in the first record (keys: ${keyList(objs[0])})` };
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value))
    return skipRecord(ctx, '$', `record is ${typeName(value)}, expected {conversations} or {messages}`);
  const sink = issueSink(ctx);
  const st = parseState(sink);
  let conv: Conversation | undefined;
  if (value.conversations !== undefined) {
    const turns = parseShareGptTurns(value.conversations, '$.conversations', st);
    conv = turns && withSystem(turns, value.system, st);
  } else if (value.messages !== undefined) {
    conv = parseChatMessages(value.messages, '$.messages', st);
  } else {
    return skipRecord(ctx, '$', `record has no \`conversations\` or \`messages\` (keys: ${keyList(value)})`);
  }
  if (!conv) return { rollouts: [], issues: sink.issues };
  if (conv.messages.length === 0) return skipRecord(ctx, '$', 'the conversation is empty', sink.issues);
  const messages = finishConversation(conv, sink).messages;
  const id = idString(value.id);
  const draft = newDraft(ctx, {
    externalId: id ?? `${ctx.record}`,
    taskId: id,
    messages,
    tools: parseTools(value.tools, sink, '$.tools'),
  });
  return { rollouts: [draft], issues: sink.issues };
}

export const format: FormatModule = {
  id: 'sharegpt',
  label: 'ShareGPT conversations',
  description:
    'ShareGPT / FastChat {conversations: [{from, value}]} (with function_call/observation) and LLaMA-Factory v1 typed-part messages.',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
