/**
 * TRL preference datasets (DPOTrainer, RewardTrainer):
 * - standard: `{prompt: str, chosen: str, rejected: str}` → a user message and an assistant message
 *   per side (TRL's text is usually already chat-formatted by the dataset author; we keep it whole);
 * - conversational: `{prompt: [msgs], chosen: [msgs], rejected: [msgs]}` → prompt + side;
 * - implicit-prompt conversational: `{chosen: [msgs], rejected: [msgs]}` full conversations → the
 *   shared prefix is the prompt (chat/pairs.sharedPromptLength).
 * Implicit-prompt plain strings (no `prompt`) are not split by characters: HH-style transcripts
 * belong to hh-rlhf, and anything else has no reliable turn boundary, so such records are skipped.
 * `score_chosen` / `score_rejected` (e.g. UltraFeedback) become metrics.score on each side.
 */
import type { Detection, FormatModule, Probe, RecordContext, RecordResult } from '../types';
import { type JsonObject, isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { toFiniteNumber } from '../numbers';
import { parseTools } from '../tools';
import { type Conversation, type ParseState, concatConversations, parseState } from '../chat/conversation';
import { isRoleList, keyList, objectSamples } from '../chat/detection';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';
import { pairDrafts, sharedPromptLength } from '../chat/pairs';
import { extraFields } from '../drafts';

const KNOWN_KEYS = new Set(['prompt', 'chosen', 'rejected', 'tools', 'score_chosen', 'score_rejected']);

type Side = 'text' | 'conv' | 'other';
const sideKind = (v: unknown): Side => (typeof v === 'string' ? 'text' : isRoleList(v) ? 'conv' : 'other');

function detect(probe: Probe): Detection {
  const objs = objectSamples(probe.samples);
  if (objs.length === 0) return { score: 0, reason: 'no JSON object records to check for `chosen`/`rejected`' };
  const first = objs[0];
  const pairs = objs.filter((s) => 'chosen' in s && 'rejected' in s);
  if (pairs.length === 0)
    return { score: 0, reason: `no \`chosen\` and \`rejected\` in the first record (keys: ${keyList(first)})` };
  const shapes = objs.map(shapeOf);
  const count = (x: TrlShape) => shapes.filter((s) => s === x).length;
  const n = objs.length;
  if (count('explicit') === n) {
    const conv = sideKind(pairs[0].chosen) === 'conv';
    return {
      score: 0.9,
      reason: `records have \`prompt\`, \`chosen\` and \`rejected\` as ${conv ? 'message lists (TRL conversational)' : 'strings (TRL standard)'}`,
    };
  }
  if (count('implicit-conv') === n) {
    return {
      score: 0.85,
      reason: 'records have `chosen`/`rejected` message lists without `prompt` (TRL implicit-prompt conversational)',
    };
  }
  if (count('explicit') + count('implicit-conv') === n) {
    return {
      score: 0.85,
      reason: 'records have `chosen`/`rejected` message lists or strings, with or without `prompt` (TRL preference)',
    };
  }
  if (count('implicit-text') === n) {
    return {
      score: 0.2,
      reason:
        'chosen/rejected are strings without a `prompt` (implicit-prompt text; HH transcripts are read by hh-rlhf)',
    };
  }
  // Mixed files still belong here when most rows fit; the misfits are reported per record.
  if (count('explicit') + count('implicit-conv') >= n / 2) {
    return { score: 0.6, reason: 'most records are TRL {prompt?, chosen, rejected} rows; some are not' };
  }
  return { score: 0.1, reason: '`chosen`/`rejected` are not both strings or both message lists' };
}

type TrlShape = 'explicit' | 'implicit-conv' | 'implicit-text' | 'other';

function shapeOf(s: JsonObject): TrlShape {
  if (!('chosen' in s) || !('rejected' in s)) return 'other';
  const c = sideKind(s.chosen);
  const r = sideKind(s.rejected);
  if (c === 'other' || r === 'other') return 'other';
  if (s.prompt == null) {
    if (c === 'conv' && r === 'conv') return 'implicit-conv';
    return c === 'text' && r === 'text' ? 'implicit-text' : 'other';
  }
  return sideKind(s.prompt) !== 'other' && c === r ? 'explicit' : 'other';
}

/** A prompt or completion: a string becomes one message of `role`, a list is parsed as messages. */
function part(value: unknown, path: string, role: 'user' | 'assistant', st: ParseState): Conversation | undefined {
  if (typeof value === 'string') return { messages: [{ role, content: value }], paths: [path] };
  if (Array.isArray(value)) return parseChatMessages(value, path, st);
  st.sink.add(path, `${path.slice(2)} is ${typeName(value)}, expected a string or a list of messages`);
  return undefined;
}

function scoreMetrics(value: unknown): Record<string, number> {
  const n = toFiniteNumber(typeof value === 'string' ? undefined : value);
  return n === undefined ? {} : { score: n };
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value))
    return skipRecord(ctx, '$', `record is ${typeName(value)}, expected {prompt?, chosen, rejected}`);
  const sink = issueSink(ctx);
  const st = parseState(sink);
  const hasPrompt = value.prompt !== undefined && value.prompt !== null;
  if (!hasPrompt && typeof value.chosen === 'string' && typeof value.rejected === 'string') {
    return skipRecord(
      ctx,
      '$',
      'chosen/rejected are plain strings without a `prompt`; the prompt cannot be separated reliably',
    );
  }
  let prompt: Conversation = { messages: [], paths: [] };
  if (hasPrompt) {
    const p = part(value.prompt, '$.prompt', 'user', st);
    if (!p) return { rollouts: [], issues: sink.issues };
    prompt = p;
  }
  const chosenPart = part(value.chosen, '$.chosen', 'assistant', { ...st });
  const rejectedPart = part(value.rejected, '$.rejected', 'assistant', { ...st });
  if (!chosenPart || !rejectedPart) return { rollouts: [], issues: sink.issues };
  for (const [key, p] of [
    ['chosen', chosenPart],
    ['rejected', rejectedPart],
  ] as const) {
    if (p.messages.length === 0) return skipRecord(ctx, `$.${key}`, `${key} is empty`, sink.issues);
  }
  const chosen = finishConversation(concatConversations(prompt, chosenPart), sink).messages;
  const rejected = finishConversation(concatConversations(prompt, rejectedPart), sink).messages;

  let promptLength = prompt.messages.length;
  if (!hasPrompt) {
    promptLength = sharedPromptLength(chosen, rejected);
    if (promptLength === 0)
      return skipRecord(
        ctx,
        '$',
        'chosen and rejected share no leading user turn, so there is no common prompt',
        sink.issues,
      );
  } else if (promptLength === 0) return skipRecord(ctx, '$.prompt', 'the prompt is empty', sink.issues);

  const meta: JsonObject = {};
  const item = extraFields(value, KNOWN_KEYS, sink);
  if (item) meta.item = item;
  const rollouts = pairDrafts({
    ctx,
    chosen,
    rejected,
    promptLength,
    tools: parseTools(value.tools, sink, '$.tools'),
    chosenMetrics: scoreMetrics(value.score_chosen),
    rejectedMetrics: scoreMetrics(value.score_rejected),
    common: Object.keys(meta).length > 0 ? { meta } : {},
  });
  return { rollouts, issues: sink.issues };
}

export const format: FormatModule = {
  id: 'trl-preference',
  label: 'TRL preference',
  description:
    'TRL {prompt, chosen, rejected} as strings or message lists, or implicit-prompt chosen/rejected conversations.',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
