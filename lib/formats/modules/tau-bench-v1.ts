/**
 * tau-bench (v1) results: a JSON array of `{task_id, reward, info, traj, trial}`; `traj` is OpenAI
 * chat messages with the policy as the system message.
 *
 * Mapping decisions:
 * - reward = top-level `reward` (info.reward_info may be null on step-limit runs; that is fine).
 * - Tool-call ids repeat within a trajectory: results pair with the nearest preceding open call.
 * - Error-only records (empty `traj`, `info.error`) are skipped with an issue quoting the error:
 *   they hold no conversation to train on, and a rollout without messages would only skew stats.
 */
import type { FormatModule, Probe, RecordContext, RecordResult } from '../types';
import { idString, intOrNull, newDraft } from '../drafts';
import { asString, isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { numericFields, parseReward } from '../numbers';
import { parseState } from '../chat/conversation';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';

const isV1 = (s: unknown): boolean => isRecord(s) && Array.isArray(s.traj) && 'task_id' in s && 'reward' in s;

function detect(probe: Probe): { score: number; reason: string } {
  if (probe.container !== 'json-array' && probe.container !== 'jsonl')
    return { score: 0, reason: `expected a JSON array, found ${probe.container}` };
  const n = probe.samples.filter(isV1).length;
  if (n === 0) return { score: 0, reason: 'no record has task_id + reward + traj (tau-bench v1)' };
  return {
    score: n === probe.samples.length ? 0.95 : 0.6,
    reason: `${n}/${probe.samples.length} records have tau-bench v1 {task_id, reward, info, traj, trial}`,
  };
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `expected an object, found ${typeName(value)}`);
  const sink = issueSink(ctx);
  const info = isRecord(value.info) ? value.info : {};
  if (!Array.isArray(value.traj))
    return skipRecord(ctx, '$.traj', `traj is ${typeName(value.traj)}, expected a list of messages`);
  if (value.traj.length === 0) {
    const err = asString(info.error);
    return skipRecord(ctx, '$.traj', err ? `error-only record, no trajectory: ${err}` : 'empty trajectory; skipped');
  }
  const parsed = parseChatMessages(value.traj, '$.traj', parseState(sink));
  if (!parsed) return { rollouts: [], issues: sink.issues };
  const { messages } = finishConversation(parsed, sink);
  const rewardInfo = isRecord(info.reward_info) ? info.reward_info : undefined;
  const metrics = numericFields(info, '', new Set(['reward']));
  if (rewardInfo && isRecord(rewardInfo.info)) Object.assign(metrics, numericFields(rewardInfo.info));
  const task = isRecord(info.task) ? info.task : undefined;
  const meta: Record<string, unknown> = {};
  if (info.source !== undefined) meta.source = info.source;
  if (task?.user_id !== undefined) meta.userId = task.user_id;
  if (typeof task?.instruction === 'string') meta.instruction = task.instruction;
  if (rewardInfo === undefined) meta.rewardInfoMissing = true;
  const reward = parseReward(value.reward, sink, '$.reward');
  const draft = newDraft(ctx, {
    externalId: `${idString(value.task_id) ?? 'task'}-${idString(value.trial) ?? 't'}-${ctx.record}`,
    taskId: idString(value.task_id),
    trial: intOrNull(value.trial),
    messages,
    reward,
    metrics,
    success: reward === null ? null : reward >= 1,
    meta,
  });
  return { rollouts: [draft], issues: sink.issues };
}

export const format: FormatModule = {
  id: 'tau-bench-v1',
  label: 'tau-bench (v1) results',
  description: 'Original tau-bench results: a JSON array of {task_id, reward, info, traj, trial}',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
