/**
 * OpenAI preference fine-tuning (DPO) JSONL:
 * `{input: {messages, tools?, parallel_tool_calls?}, preferred_output: [...], non_preferred_output: [...]}`.
 * Each record becomes two rollouts, prompt + output, linked as a pair (chosen reward 1, rejected 0).
 * promptLength = the number of input messages.
 */
import type { Detection, FormatModule, Probe, RecordContext, RecordResult } from '../types';
import { type JsonObject, isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { parseTools } from '../tools';
import { concatConversations, parseState } from '../chat/conversation';
import { keyList, objectSamples, share } from '../chat/detection';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';
import { pairDrafts } from '../chat/pairs';
import { extraFields } from '../drafts';

const KNOWN_KEYS = new Set(['input', 'preferred_output', 'non_preferred_output']);

function detect(probe: Probe): Detection {
  const objs = objectSamples(probe.samples);
  if (objs.length === 0) return { score: 0, reason: 'no JSON object records to check for `preferred_output`' };
  const fits = (s: JsonObject) =>
    isRecord(s.input) &&
    Array.isArray(s.input.messages) &&
    Array.isArray(s.preferred_output) &&
    Array.isArray(s.non_preferred_output);
  const fit = share(objs, fits);
  if (fit === 1)
    return {
      score: 0.95,
      reason: 'records have `input.messages`, `preferred_output` and `non_preferred_output` (OpenAI DPO)',
    };
  if (fit > 0) return { score: 0.6, reason: 'some records have the OpenAI DPO keys, some do not' };
  if (objs.some((s) => 'preferred_output' in s)) {
    return {
      score: 0.3,
      reason: 'records have `preferred_output` but not the full {input.messages, non_preferred_output} shape',
    };
  }
  return { score: 0, reason: `no \`preferred_output\` in the first record (keys: ${keyList(objs[0])})` };
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `record is ${typeName(value)}, expected an object`);
  const sink = issueSink(ctx);
  const st = parseState(sink);
  if (!isRecord(value.input))
    return skipRecord(ctx, '$.input', `input is ${typeName(value.input)}, expected {messages}`);
  const prompt = parseChatMessages(value.input.messages, '$.input.messages', st);
  if (!prompt) return { rollouts: [], issues: sink.issues };
  if (prompt.messages.length === 0)
    return skipRecord(ctx, '$.input.messages', 'the prompt has no messages', sink.issues);
  // Both outputs continue from the same prompt, so they number id-less calls from the same point.
  const preferred = parseChatMessages(value.preferred_output, '$.preferred_output', { ...st });
  const rejected = parseChatMessages(value.non_preferred_output, '$.non_preferred_output', { ...st });
  if (!preferred || !rejected) return { rollouts: [], issues: sink.issues };
  for (const [key, out] of [
    ['preferred_output', preferred],
    ['non_preferred_output', rejected],
  ] as const) {
    if (out.messages.length === 0) return skipRecord(ctx, `$.${key}`, `${key} is empty`, sink.issues);
  }
  const chosenConv = finishConversation(concatConversations(prompt, preferred), sink);
  const rejectedConv = finishConversation(concatConversations(prompt, rejected), sink);

  const meta: JsonObject = {};
  if (typeof value.input.parallel_tool_calls === 'boolean') meta.parallelToolCalls = value.input.parallel_tool_calls;
  const item = extraFields(value, KNOWN_KEYS, sink);
  if (item) meta.item = item;
  const rollouts = pairDrafts({
    ctx,
    chosen: chosenConv.messages,
    rejected: rejectedConv.messages,
    promptLength: prompt.messages.length,
    tools: parseTools(value.input.tools, sink, '$.input.tools'),
    common: Object.keys(meta).length > 0 ? { meta } : {},
  });
  return { rollouts, issues: sink.issues };
}

export const format: FormatModule = {
  id: 'openai-dpo',
  label: 'OpenAI DPO (preference JSONL)',
  description:
    'OpenAI preference fine-tuning {input:{messages}, preferred_output, non_preferred_output} → preference pairs.',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
