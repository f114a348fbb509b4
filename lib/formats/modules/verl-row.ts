/**
 * One verl dataset row (parquet or CSV) → rollout. Columns: data_source, prompt (list of
 * {role, content}), ability, reward_model {ground_truth, style}, extra_info {index, split, ...},
 * optional `response` (string) or multi-turn `messages`, optional reward/score column.
 * CSV cells (and the SFT collector's parquet) hold nested values as JSON or Python-repr strings.
 *
 * Decisions: taskId = extra_info.index (else `index`/`id` column); split = extra_info.split;
 * without a prompt column, the verl SFT convention extra_info.{question, answer} is used.
 * ground_truth, data_source, ability go to meta (they are labels, not metrics).
 */
import type { Message, RecordContext, RecordResult } from '../types';
import { textOf } from '../content';
import { idString, newDraft } from '../drafts';
import { asString, isRecord, typeName } from '../guards';
import { issueSink, skipRecord, type IssueSink } from '../issues';
import { parseLooseJson } from '../loose-json';
import { numericFields, parseReward, toFiniteNumber } from '../numbers';
import { parseState, type Conversation } from '../chat/conversation';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';

const NESTED = ['prompt', 'messages', 'reward_model', 'extra_info', 'prompt_data', 'response_data'];

/** A cell that may be a JSON/python-repr string → its value; other values unchanged. */
function unwrap(v: unknown, sink: IssueSink, path: string, expectNested: boolean): unknown {
  if (typeof v !== 'string' || !expectNested) return v;
  const t = v.trim();
  if (!(t.startsWith('[') || t.startsWith('{'))) return v;
  const parsed = parseLooseJson(t);
  if (parsed === undefined) sink.add(path, 'cell looks like JSON but could not be parsed; kept as text');
  return parsed ?? v;
}

const nonEmpty = (s: string | undefined): string | undefined => (s === '' ? undefined : s);

export function isVerlRow(s: unknown): boolean {
  return (
    isRecord(s) && ('prompt' in s || 'messages' in s) && ('data_source' in s || 'reward_model' in s || 'ability' in s)
  );
}

export function mapVerlRow(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `expected a row object, found ${typeName(value)}`);
  const sink = issueSink(ctx);
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) row[k] = unwrap(v, sink, `$.${k}`, NESTED.includes(k));
  const extra = isRecord(row.extra_info) ? row.extra_info : undefined;

  const st = parseState(sink);
  const text = (role: Message['role'], content: string, path: string): Conversation => ({
    messages: [{ role, content }],
    paths: [path],
  });
  let conv: Conversation | undefined;
  let promptLength: number;
  if (Array.isArray(row.messages) && row.messages.length > 0) {
    conv = parseChatMessages(row.messages, '$.messages', st);
    if (!conv) return { rollouts: [], issues: sink.issues };
    const prompt = Array.isArray(row.prompt) ? row.prompt.length : undefined;
    const n = conv.messages.length;
    promptLength = prompt ?? n - (conv.messages[n - 1]?.role === 'assistant' ? 1 : 0);
  } else {
    if (Array.isArray(row.prompt)) conv = parseChatMessages(row.prompt, '$.prompt', st);
    else if (typeof row.prompt === 'string') conv = text('user', row.prompt, '$.prompt');
    else if (isRecord(row.prompt_data)) conv = text('user', textOf(row.prompt_data.content), '$.prompt_data');
    else if (extra && typeof extra.question === 'string') conv = text('user', extra.question, '$.extra_info.question');
    else
      return skipRecord(ctx, '$.prompt', `prompt is ${typeName(row.prompt)}, expected a list of messages`, sink.issues);
    if (!conv) return { rollouts: [], issues: sink.issues };
    promptLength = conv.messages.length;
    const response =
      nonEmpty(asString(row.response)) ??
      (isRecord(row.response_data) ? asString(row.response_data.content) : undefined) ??
      (row.prompt === undefined && extra ? asString(extra.answer) : undefined);
    if (response !== undefined) {
      conv.messages.push({ role: 'assistant', content: response });
      conv.paths.push('$.response');
    }
  }
  const { messages } = finishConversation(conv, sink);
  if (messages.length === 0) return skipRecord(ctx, '$.prompt', 'the prompt is empty', sink.issues);

  const rm = isRecord(row.reward_model) ? row.reward_model : undefined;
  const meta: Record<string, unknown> = {};
  if (row.data_source !== undefined) meta.dataSource = row.data_source;
  if (row.ability !== undefined) meta.ability = row.ability;
  if (rm && rm.ground_truth !== undefined) meta.groundTruth = rm.ground_truth;
  if (rm && rm.style !== undefined) meta.rewardStyle = rm.style;
  if (row.agent_name !== undefined) meta.agentName = row.agent_name;
  // CSV cells are always strings: a numeric string is the normal case there, not worth an issue
  const rawReward = row.reward ?? row.score ?? row.acc;
  const rewardValue =
    typeof rawReward === 'string'
      ? (toFiniteNumber(rawReward) ?? (rawReward.trim() === '' ? null : rawReward))
      : rawReward;
  const draft = newDraft(ctx, {
    taskId: (extra ? idString(extra.index) : null) ?? idString(row.index) ?? idString(row.id),
    split: extra ? (asString(extra.split) ?? null) : null,
    messages,
    promptLength,
    reward: parseReward(rewardValue, sink, '$.reward'),
    metrics: numericFields(row, '', new Set(['index', 'id'])),
    meta,
  });
  return { rollouts: [draft], issues: sink.issues };
}
