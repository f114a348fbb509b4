/**
 * Plain RL rollout dumps: `{prompt, response, reward}` records (xtuner GRPO output adds `label`),
 * JSONL or concatenated JSON values. There is no task id: taskId stays null and the promptKey
 * (a hash of the prompt) groups samples of the same prompt.
 */
import type { FormatModule, Probe, RecordContext, RecordResult } from '../types';
import { textOf } from '../content';
import { newDraft } from '../drafts';
import { isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { numericFields, parseReward } from '../numbers';
import { type Conversation, concatConversations, parseState } from '../chat/conversation';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';

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
  const st = parseState(sink);
  let prompt: Conversation | undefined;
  if (typeof value.prompt === 'string')
    prompt = { messages: [{ role: 'user', content: value.prompt }], paths: ['$.prompt'] };
  else if (Array.isArray(value.prompt)) prompt = parseChatMessages(value.prompt, '$.prompt', st);
  else return skipRecord(ctx, '$.prompt', `prompt is ${typeName(value.prompt)}, expected a string or a message list`);
  if (!prompt) return { rollouts: [], issues: sink.issues };
  let response: Conversation | undefined = { messages: [], paths: [] };
  if (typeof value.response === 'string')
    response = { messages: [{ role: 'assistant', content: value.response }], paths: ['$.response'] };
  else if (Array.isArray(value.response)) response = parseChatMessages(value.response, '$.response', st);
  else if (value.response !== undefined && value.response !== null) {
    response = { messages: [{ role: 'assistant', content: textOf(value.response) }], paths: ['$.response'] };
    sink.add('$.response', `response is ${typeName(value.response)}; read as text`);
  }
  if (!response) return { rollouts: [], issues: sink.issues };
  const promptLength = prompt.messages.length;
  const { messages } = finishConversation(concatConversations(prompt, response), sink);
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
