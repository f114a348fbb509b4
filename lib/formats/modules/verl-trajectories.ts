/**
 * verl-agent AlfWorld SFT collector output (`raw_trajectories.json`): a JSON array of
 * `{messages_list, success, rewards, final_reward, task_info, episode_length}` written with
 * json.dump(default=str), so numbers and booleans may arrive as strings ("1.0", "True").
 *
 * messages_list = prompt messages + one assistant message decoded from the response, so the prompt
 * is everything but that last assistant message.
 */
import type { FormatModule, Probe, RecordContext, RecordResult } from '../types';
import { idString, newDraft } from '../drafts';
import { isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { parseReward, toFiniteNumber } from '../numbers';
import { parseState } from '../chat/conversation';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';

const isTraj = (s: unknown): boolean => isRecord(s) && Array.isArray(s.messages_list);

function detect(probe: Probe): { score: number; reason: string } {
  if (probe.container !== 'json-array' && probe.container !== 'jsonl')
    return { score: 0, reason: `expected a JSON array, found ${probe.container}` };
  const n = probe.samples.filter(isTraj).length;
  if (n === 0) return { score: 0, reason: 'no record has messages_list (verl-agent trajectories)' };
  return {
    score: 0.95,
    reason: `${n}/${probe.samples.length} records have messages_list (verl-agent raw_trajectories.json)`,
  };
}

/** Python's str(bool) and JSON booleans. */
function boolish(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 'True' || v === 'true') return true;
  if (v === 'False' || v === 'false') return false;
  const n = toFiniteNumber(v);
  return n === undefined ? null : n !== 0;
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `expected an object, found ${typeName(value)}`);
  const sink = issueSink(ctx);
  if (!Array.isArray(value.messages_list))
    return skipRecord(ctx, '$.messages_list', `messages_list is ${typeName(value.messages_list)}, expected a list`);
  const parsed = parseChatMessages(value.messages_list, '$.messages_list', parseState(sink));
  if (!parsed) return { rollouts: [], issues: sink.issues };
  const { messages } = finishConversation(parsed, sink);
  if (messages.length === 0) return skipRecord(ctx, '$.messages_list', 'no messages', sink.issues);
  const last = messages[messages.length - 1];
  const promptLength = last.role === 'assistant' ? messages.length - 1 : messages.length;

  const rewards = Array.isArray(value.rewards) ? value.rewards.map(toFiniteNumber) : [];
  let reward = value.final_reward !== undefined ? parseReward(value.final_reward, sink, '$.final_reward') : null;
  if (reward === null && rewards.length > 0 && rewards.every((r) => r !== undefined))
    reward = (rewards as number[]).reduce((a, b) => a + b, 0);
  const metrics: Record<string, number> = {};
  const len = toFiniteNumber(value.episode_length);
  if (len !== undefined) metrics.episode_length = len;
  const success = boolish(value.success);
  if (success !== null) metrics.success = success ? 1 : 0;
  if (rewards.length > 0) metrics.reward_steps = rewards.length;

  const taskInfo = isRecord(value.task_info) ? value.task_info : undefined;
  const draft = newDraft(ctx, {
    taskId: taskInfo ? (idString(taskInfo.task_id) ?? idString(taskInfo.index) ?? null) : null,
    messages,
    promptLength,
    reward,
    metrics,
    success,
    meta: taskInfo ? { taskInfo } : {},
  });
  return { rollouts: [draft], issues: sink.issues };
}

export const format: FormatModule = {
  id: 'verl-trajectories',
  label: 'verl-agent trajectories',
  description:
    'verl-agent SFT collector raw_trajectories.json: {messages_list, success, rewards, final_reward, task_info}',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
