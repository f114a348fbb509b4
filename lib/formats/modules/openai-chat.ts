/**
 * OpenAI chat fine-tuning JSONL: `{messages, tools?, parallel_tool_calls?}` per line, and the bare
 * message list per line that xtuner writes.
 *
 * The Reinforcement Fine-Tuning prompt shape (developer + user messages, no assistant turn, grader
 * fields such as `reference_answer`) is a VARIANT of this format, decided per record: a record with
 * no assistant message is imported as a prompt-only rollout (promptLength = all messages,
 * meta.promptOnly = true, meta.referenceAnswer, other grader fields in meta.item). It is not a
 * separate format id because the line shape is the same and a file can mix both; detection names
 * the variant in its reason so the user sees "RFT prompts", not "SFT".
 *
 * Tool calls keep their `arguments` text as written, including double-encoded strings; those and
 * non-JSON arguments are reported as issues on a kept record (see chat/README.md).
 */
import type { Detection, FormatModule, Probe, RecordContext, RecordResult } from '../types';
import { extraFields, newDraft } from '../drafts';
import { type JsonObject, isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { parseTools } from '../tools';
import { parseState } from '../chat/conversation';
import { hasValueParts, isRoleList, keyList, objectSamples } from '../chat/detection';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';

const KNOWN_KEYS = new Set(['messages', 'tools', 'functions', 'parallel_tool_calls', 'reference_answer']);
/** Keys that mean another format owns the record (the detector of that format scores higher). */
const FOREIGN_KEYS = [
  'responses_create_params',
  'chosen',
  'rejected',
  'preferred_output',
  'conversations',
  'messages_list',
];

type Shape = 'sft' | 'rft' | 'bare' | 'kto' | 'typed-parts' | 'foreign' | 'none';

function classify(sample: unknown): Shape {
  if (isRoleList(sample)) return 'bare';
  if (!isRecord(sample) || !isRoleList(sample.messages)) return 'none';
  if (FOREIGN_KEYS.some((k) => k in sample)) return 'foreign';
  if (typeof sample.label === 'boolean') return 'kto';
  if (hasValueParts(sample.messages)) return 'typed-parts';
  const hasAssistant = sample.messages.some((m) => m.role === 'assistant');
  return hasAssistant ? 'sft' : 'rft';
}

function detect(probe: Probe): Detection {
  const samples = probe.samples;
  if (samples.length === 0) return { score: 0, reason: 'no records could be read to check for `messages`' };
  const shapes = samples.map(classify);
  const count = (s: Shape) => shapes.filter((x) => x === s).length;
  const n = samples.length;
  if (count('bare') === n) {
    return { score: 0.85, reason: 'each record is a bare list of {role, content} messages (xtuner-style OpenAI chat)' };
  }
  if (count('sft') + count('rft') === n) {
    const tools = objectSamples(samples).some((s) => Array.isArray(s.tools) && s.tools.length > 0);
    if (count('rft') === n) {
      const ref = objectSamples(samples).some((s) => 'reference_answer' in s);
      return {
        score: 0.9,
        reason: `records have \`messages\` with no assistant turn${ref ? ' and a `reference_answer`' : ''}: OpenAI RFT prompts (imported as prompt-only rollouts)`,
      };
    }
    return {
      score: 0.9,
      reason: `records have an OpenAI \`messages\` list with role/content${tools ? ' and `tools`' : ''}${count('rft') > 0 ? ' (some prompt-only)' : ''}`,
    };
  }
  if (count('kto') > 0) {
    return { score: 0.3, reason: 'records have `messages` but also a boolean `label` (KTO data)' };
  }
  if (count('typed-parts') > 0) {
    return {
      score: 0.2,
      reason: 'message content is a list of {type, value} parts (LLaMA-Factory typed parts, not OpenAI)',
    };
  }
  if (count('foreign') > 0) {
    return {
      score: 0.1,
      reason: 'records have `messages` next to keys of another format (chosen/rejected, responses_create_params, …)',
    };
  }
  if (count('sft') + count('rft') + count('bare') > 0) {
    return { score: 0.5, reason: 'some records have an OpenAI `messages` list, others do not' };
  }
  return {
    score: 0,
    reason: `no \`messages\` list of {role, content} in the first record (keys: ${keyList(samples[0])})`,
  };
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  const sink = issueSink(ctx);
  const st = parseState(sink);
  let rawMessages: unknown;
  let obj: JsonObject = {};
  if (Array.isArray(value)) rawMessages = value;
  else if (isRecord(value)) {
    obj = value;
    rawMessages = value.messages;
    if (rawMessages === undefined) return skipRecord(ctx, '$', `record has no \`messages\` (keys: ${keyList(value)})`);
  } else
    return skipRecord(
      ctx,
      '$',
      `record is ${typeName(value)}, expected an object with \`messages\` or a list of messages`,
    );

  const base = Array.isArray(value) ? '$' : '$.messages';
  const parsed = parseChatMessages(rawMessages, base, st);
  if (!parsed) return { rollouts: [], issues: sink.issues };
  if (parsed.messages.length === 0) return skipRecord(ctx, base, 'the message list is empty', sink.issues);
  const conv = finishConversation(parsed, sink);

  const tools = parseTools(obj.tools ?? obj.functions, sink, obj.tools !== undefined ? '$.tools' : '$.functions');
  const meta: JsonObject = {};
  if (typeof obj.parallel_tool_calls === 'boolean') meta.parallelToolCalls = obj.parallel_tool_calls;

  const promptOnly = !conv.messages.some((m) => m.role === 'assistant');
  if (promptOnly) {
    meta.promptOnly = true;
    if ('reference_answer' in obj) meta.referenceAnswer = obj.reference_answer;
  }
  // Unknown top-level keys are kept: RFT graders reference any of them as {{item.<key>}}.
  const item = extraFields(obj, KNOWN_KEYS, sink);
  if (item) meta.item = item;

  const draft = newDraft(ctx, {
    externalId: `${ctx.record}`,
    messages: conv.messages,
    tools,
    ...(promptOnly ? { promptLength: conv.messages.length } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
  });
  return { rollouts: [draft], issues: sink.issues };
}

export const format: FormatModule = {
  id: 'openai-chat',
  label: 'OpenAI chat (fine-tuning JSONL)',
  description: 'OpenAI chat fine-tuning JSONL {messages, tools}; also bare message lists and RFT prompt-only records.',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
