/**
 * Unpaired preference (KTO) data: one rollout per record, reward 1/0 from the desirability label,
 * metrics.label = 1/0, success = the label.
 * - LLaMA-Factory (OpenAI-style tags, a JSON array): `{messages: [{role, content}], label: bool}`;
 *   the last message is the judged assistant turn, so promptLength = everything before it.
 * - LLaMA-Factory ShareGPT tags: `{conversations: [{from, value}], kto_tag: bool, system?, tools?}`.
 * - TRL unpaired preference: `{prompt, completion, label}` (strings or message lists).
 * A label given as 0/1 or "true"/"false" is read (with a note); anything else skips the record,
 * since the label is the whole point of a KTO row.
 */
import type { Detection, FormatModule, Probe, RecordContext, RecordResult } from '../types';
import { newDraft } from '../drafts';
import { type JsonObject, isRecord, typeName } from '../guards';
import { issueSink, skipRecord, type IssueSink } from '../issues';
import { parseTools } from '../tools';
import { type Conversation, concatConversations, parseState } from '../chat/conversation';
import { isRoleList, isTurnList, keyList, objectSamples, share } from '../chat/detection';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';
import { parseShareGptTurns, withSystem } from '../chat/sharegpt-turns';

const labelOf = (s: JsonObject) => (s.label !== undefined ? s.label : s.kto_tag);

function detect(probe: Probe): Detection {
  const objs = objectSamples(probe.samples);
  if (objs.length === 0) return { score: 0, reason: 'no JSON object records to check for `label`' };
  const labelled = objs.filter((s) => typeof labelOf(s) === 'boolean');
  if (labelled.length === 0)
    return { score: 0, reason: `no boolean \`label\`/\`kto_tag\` in the first record (keys: ${keyList(objs[0])})` };
  const conversational = share(
    objs,
    (s) => typeof labelOf(s) === 'boolean' && (isRoleList(s.messages) || isTurnList(s.conversations)),
  );
  if (conversational === 1)
    return { score: 0.95, reason: 'records have `messages` (or `conversations`) plus a boolean `label` (KTO)' };
  const trl = share(objs, (s) => typeof s.label === 'boolean' && 'prompt' in s && 'completion' in s);
  if (trl === 1)
    return {
      score: 0.9,
      reason: 'records have `prompt`, `completion` and a boolean `label` (TRL unpaired preference)',
    };
  // A few bad labels must not hand the file to openai-chat: they are reported per record instead.
  if (conversational + trl >= 0.5)
    return { score: 0.7, reason: 'most records have a conversation plus a boolean `label` (KTO); some do not' };
  return { score: 0.3, reason: 'some records have a boolean `label`, but most lack a conversation next to it' };
}

function readLabel(value: unknown, path: string, sink: IssueSink): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) {
    sink.add(path, `label is the number ${value}; read as ${value === 1}`);
    return value === 1;
  }
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
    const b = value.trim().toLowerCase() === 'true';
    sink.add(path, `label is the string ${JSON.stringify(value)}; read as ${b}`);
    return b;
  }
  return undefined;
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `record is ${typeName(value)}, expected {messages, label}`);
  const sink = issueSink(ctx);
  const st = parseState(sink);
  const labelKey = value.label !== undefined ? 'label' : 'kto_tag';
  const label = readLabel(value[labelKey], `$.${labelKey}`, sink);
  if (label === undefined) {
    return skipRecord(
      ctx,
      `$.${labelKey}`,
      `${labelKey} is ${typeName(value[labelKey])}, expected true or false`,
      sink.issues,
    );
  }

  let conv: Conversation | undefined;
  let promptLength: number | undefined;
  if (value.messages !== undefined) conv = parseChatMessages(value.messages, '$.messages', st);
  else if (value.conversations !== undefined) {
    const turns = parseShareGptTurns(value.conversations, '$.conversations', st);
    conv = turns && withSystem(turns, value.system, st);
  } else if (value.prompt !== undefined && value.completion !== undefined) {
    const side = (v: unknown, path: string, role: 'user' | 'assistant'): Conversation | undefined =>
      typeof v === 'string' ? { messages: [{ role, content: v }], paths: [path] } : parseChatMessages(v, path, st);
    const prompt = side(value.prompt, '$.prompt', 'user');
    const completion = prompt && side(value.completion, '$.completion', 'assistant');
    if (prompt && completion) {
      conv = concatConversations(prompt, completion);
      promptLength = prompt.messages.length;
    }
  } else
    return skipRecord(
      ctx,
      '$',
      `record has no \`messages\`, \`conversations\` or \`prompt\`/\`completion\` (keys: ${keyList(value)})`,
      sink.issues,
    );
  if (!conv) return { rollouts: [], issues: sink.issues };
  if (conv.messages.length === 0) return skipRecord(ctx, '$', 'the conversation is empty', sink.issues);
  const messages = finishConversation(conv, sink).messages;

  if (promptLength === undefined) {
    const last = messages[messages.length - 1];
    if (last.role === 'assistant') promptLength = messages.length - 1;
    else
      sink.add(
        conv.paths[conv.paths.length - 1] ?? '$',
        'the last message is not an assistant turn, so it is unclear which turn the label judges',
      );
  }
  const draft = newDraft(ctx, {
    externalId: `${ctx.record}`,
    messages,
    tools: parseTools(value.tools, sink, '$.tools'),
    reward: label ? 1 : 0,
    metrics: { label: label ? 1 : 0 },
    success: label,
    ...(promptLength !== undefined ? { promptLength } : {}),
  });
  return { rollouts: [draft], issues: sink.issues };
}

export const format: FormatModule = {
  id: 'kto',
  label: 'KTO (unpaired preference)',
  description:
    'LLaMA-Factory KTO {messages, label: bool} (or ShareGPT kto_tag, TRL {prompt, completion, label}) → one rollout each, reward 1/0.',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
