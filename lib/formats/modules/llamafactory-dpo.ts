/**
 * LLaMA-Factory preference data, two shapes:
 * - ShareGPT DPO (a JSON array): `{conversations: [{from, value}], chosen: {from, value},
 *   rejected: {from, value}, system?, tools?}`. The conversation is the prompt (it ends with a human
 *   turn); chosen/rejected are single turns (a list of turns is accepted too). promptLength = the
 *   prompt's message count, plus one for a top-level `system`.
 * - v1 typed: `{chosen_messages, rejected_messages}`, each the FULL conversation whose content is a
 *   list of {type:'text'|'reasoning'|'tool_call', value} parts and whose `loss_weight` marks the
 *   trained turns (kept as Message.weight). The prompt is the shared prefix.
 */
import type { Detection, FormatModule, Probe, RecordContext, RecordResult } from '../types';
import { type JsonObject, isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { parseTools } from '../tools';
import { type Conversation, type ParseState, concatConversations, parseState } from '../chat/conversation';
import { isRoleList, isTurnList, keyList, objectSamples, share } from '../chat/detection';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';
import { pairDrafts, sharedPromptLength } from '../chat/pairs';
import { parseShareGptTurn, parseShareGptTurns, withSystem } from '../chat/sharegpt-turns';

const isTurn = (v: unknown) => isRecord(v) && typeof v.from === 'string' && 'value' in v;

function detect(probe: Probe): Detection {
  const objs = objectSamples(probe.samples);
  if (objs.length === 0) return { score: 0, reason: 'no JSON object records to check for `conversations` + `chosen`' };
  const sharegpt = share(
    objs,
    (s) =>
      (isTurnList(s.conversations) || isRoleList(s.messages)) &&
      (isTurn(s.chosen) || isTurnList(s.chosen)) &&
      (isTurn(s.rejected) || isTurnList(s.rejected)),
  );
  if (sharegpt === 1) {
    return {
      score: 0.95,
      reason: 'records have `conversations` plus `chosen`/`rejected` {from, value} turns (LLaMA-Factory ShareGPT DPO)',
    };
  }
  const typed = share(objs, (s) => isRoleList(s.chosen_messages) && isRoleList(s.rejected_messages));
  if (typed === 1) {
    return { score: 0.95, reason: 'records have `chosen_messages`/`rejected_messages` (LLaMA-Factory v1 preference)' };
  }
  if (sharegpt > 0 || typed > 0)
    return { score: 0.6, reason: 'some records have the LLaMA-Factory DPO keys, some do not' };
  if (objs.some((s) => 'conversations' in s)) {
    return { score: 0, reason: 'records have `conversations` but no `chosen`/`rejected` turns' };
  }
  return {
    score: 0,
    reason: `no \`conversations\` + \`chosen\` or \`chosen_messages\` in the first record (keys: ${keyList(objs[0])})`,
  };
}

/** A chosen/rejected answer: one turn or a list of turns. */
function answer(value: unknown, path: string, st: ParseState): Conversation | undefined {
  if (isRecord(value)) {
    const msg = parseShareGptTurn(value, path, st);
    return msg ? { messages: [msg], paths: [path] } : undefined;
  }
  return parseShareGptTurns(value, path, st);
}

function mapShareGpt(value: JsonObject, ctx: RecordContext): RecordResult {
  const sink = issueSink(ctx);
  const st = parseState(sink);
  const key = value.conversations !== undefined ? 'conversations' : 'messages';
  const turns = parseShareGptTurns(value[key], `$.${key}`, st);
  if (!turns) return { rollouts: [], issues: sink.issues };
  const prompt = withSystem(turns, value.system, st);
  if (prompt.messages.length === 0) return skipRecord(ctx, `$.${key}`, 'the prompt has no turns', sink.issues);
  const chosen = answer(value.chosen, '$.chosen', { ...st });
  const rejected = answer(value.rejected, '$.rejected', { ...st });
  if (!chosen || !rejected) return { rollouts: [], issues: sink.issues };
  const rollouts = pairDrafts({
    ctx,
    chosen: finishConversation(concatConversations(prompt, chosen), sink).messages,
    rejected: finishConversation(concatConversations(prompt, rejected), sink).messages,
    promptLength: prompt.messages.length,
    tools: parseTools(value.tools, sink, '$.tools'),
  });
  return { rollouts, issues: sink.issues };
}

function mapTyped(value: JsonObject, ctx: RecordContext): RecordResult {
  const sink = issueSink(ctx);
  const st = parseState(sink);
  const chosen = parseChatMessages(value.chosen_messages, '$.chosen_messages', { ...st });
  const rejected = parseChatMessages(value.rejected_messages, '$.rejected_messages', { ...st });
  if (!chosen || !rejected) return { rollouts: [], issues: sink.issues };
  const c = finishConversation(chosen, sink).messages;
  const r = finishConversation(rejected, sink).messages;
  const promptLength = c.length > 0 && r.length > 0 ? sharedPromptLength(c, r) : 0;
  if (promptLength === 0)
    return skipRecord(ctx, '$', 'chosen_messages and rejected_messages share no leading user turn', sink.issues);
  const rollouts = pairDrafts({
    ctx,
    chosen: c,
    rejected: r,
    promptLength,
    tools: parseTools(value.tools, sink, '$.tools'),
  });
  return { rollouts, issues: sink.issues };
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `record is ${typeName(value)}, expected an object`);
  if (value.chosen_messages !== undefined || value.rejected_messages !== undefined) return mapTyped(value, ctx);
  if (value.chosen === undefined || value.rejected === undefined) {
    return skipRecord(
      ctx,
      '$',
      `record has neither chosen/rejected nor chosen_messages/rejected_messages (keys: ${keyList(value)})`,
    );
  }
  return mapShareGpt(value, ctx);
}

export const format: FormatModule = {
  id: 'llamafactory-dpo',
  label: 'LLaMA-Factory DPO',
  description:
    'LLaMA-Factory preference data: ShareGPT {conversations, chosen, rejected} or v1 {chosen_messages, rejected_messages}.',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
