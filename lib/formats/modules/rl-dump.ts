/**
 * Plain RL rollout dumps: `{prompt, response, reward}` records (xtuner GRPO output adds `label`),
 * JSONL or concatenated JSON values. There is no task id: taskId stays null and the promptKey
 * (a hash of the prompt) groups samples of the same prompt.
 */
import type { FormatModule, Message, Probe, RecordContext, RecordResult } from '../types';
import {
  isRecord,
  issueSink,
  mapChatMessages,
  newDraft,
  numericFields,
  parseReward,
  skipRecord,
  textOf,
  typeName,
} from '../util';

const PREFERENCE_KEYS = ['chosen', 'rejected', 'completion', 'label_bool'];

function isDump(s: unknown): boolean {
  return isRecord(s) && 'prompt' in s && 'response' in s && !PREFERENCE_KEYS.some((k) => k in s);
}

function detect(probe: Probe): { score: number; reason: string } {
  if (!['jsonl', 'json-concat', 'json-array', 'json-object'].includes(probe.container))
    return { score: 0, reason: `expected JSON records, found ${probe.container}` };
  const n = probe.samples.filter(isDump).length;
  if (n === 0) return { score: 0, reason: 'no record has prompt + response' };
  const withReward = probe.samples.some((s) => isRecord(s) && 'reward' in s);
  return {
    score: n === probe.samples.length ? (withReward ? 0.85 : 0.6) : 0.4,
    reason: `${n}/${probe.samples.length} records are {prompt, response${withReward ? ', reward' : ''}}`,
  };
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `expected an object, found ${typeName(value)}`);
  const sink = issueSink(ctx);
  let messages: Message[];
  if (typeof value.prompt === 'string') messages = [{ role: 'user', content: value.prompt }];
  else if (Array.isArray(value.prompt)) messages = mapChatMessages(value.prompt, sink, '$.prompt');
  else return skipRecord(ctx, '$.prompt', `prompt is ${typeName(value.prompt)}, expected a string or a message list`);
  const promptLength = messages.length;
  if (typeof value.response === 'string') messages.push({ role: 'assistant', content: value.response });
  else if (Array.isArray(value.response)) messages.push(...mapChatMessages(value.response, sink, '$.response'));
  else if (value.response !== undefined && value.response !== null) {
    messages.push({ role: 'assistant', content: textOf(value.response) });
    sink.add('$.response', `response is ${typeName(value.response)}; read as text`);
  }
  const meta: Record<string, unknown> = {};
  if (value.label !== undefined) meta.label = value.label;
  const draft = newDraft(ctx, {
    messages,
    promptLength,
    reward: parseReward(value.reward, sink, '$.reward'),
    metrics: numericFields(value),
    meta,
  });
  return { rollouts: [draft], issues: sink.issues };
}

export const format: FormatModule = {
  id: 'rl-dump',
  label: 'RL rollout dump',
  description: 'Plain {prompt, response, reward} records (e.g. xtuner GRPO rollout output), JSONL or concatenated JSON',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
