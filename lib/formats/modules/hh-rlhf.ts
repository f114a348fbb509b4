/**
 * Anthropic HH-RLHF: `{chosen, rejected}` transcripts of "\n\nHuman: …\n\nAssistant: …" turns.
 *
 * - Turns are split on the "\n\nHuman:" / "\n\nAssistant:" markers (the README confirms they occur
 *   only as markers); one space after the colon is dropped, the rest of the text is kept verbatim.
 * - The prompt is the longest common prefix of whole turns, cut back to end on a Human turn
 *   (chat/pairs.sharedPromptLength). Most pairs differ only in the last Assistant turn; when they
 *   diverge earlier the prompt is shorter, both completions are multi-turn, and an issue says so.
 * - A side ending with an empty "Assistant:" turn (4 real chosen strings) is KEPT with an empty
 *   final assistant message plus an issue: in HH an empty answer was genuinely preferred (e.g. to
 *   "list of profane bad words"), so dropping it would lose the pair and change its meaning.
 * - Records whose sides share no Human turn are skipped: they are not two answers to one prompt.
 */
import type { Detection, FormatModule, Message, Probe, RecordContext, RecordResult } from '../types';
import { isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { keyList, objectSamples, share } from '../chat/detection';
import { divergesEarly, pairDrafts, sharedPromptLength } from '../chat/pairs';

const MARKER = /\n\nHuman:|\n\nAssistant:/g;

function looksLikeHH(text: unknown): boolean {
  return typeof text === 'string' && /^\s*Human:/.test(text.replace(/^\n+/, ''));
}

function detect(probe: Probe): Detection {
  const objs = objectSamples(probe.samples);
  if (objs.length === 0) return { score: 0, reason: 'no JSON object records to check for `chosen`/`rejected`' };
  const pairs = objs.filter((s) => typeof s.chosen === 'string' && typeof s.rejected === 'string');
  if (pairs.length === 0)
    return { score: 0, reason: `no \`chosen\`/\`rejected\` strings in the first record (keys: ${keyList(objs[0])})` };
  const fit = share(pairs, (s) => looksLikeHH(s.chosen) && looksLikeHH(s.rejected));
  if (fit === 1 && pairs.length === objs.length) {
    const promptKey = objs.some((s) => 'prompt' in s);
    return {
      score: promptKey ? 0.7 : 0.95,
      reason: 'has chosen/rejected strings starting with "\\n\\nHuman:" (Anthropic HH-RLHF transcripts)',
    };
  }
  if (fit > 0)
    return { score: 0.5, reason: 'some chosen/rejected strings are "\\n\\nHuman:" transcripts, some are not' };
  return { score: 0.05, reason: 'chosen/rejected are strings but not "\\n\\nHuman: … \\n\\nAssistant:" transcripts' };
}

/** Transcript → messages. Undefined (with an issue) when there is text before the first marker. */
function parseTranscript(
  text: string,
  path: string,
  add: (path: string, message: string) => void,
): Message[] | undefined {
  const messages: Message[] = [];
  const starts: { index: number; end: number; role: 'user' | 'assistant' }[] = [];
  for (const m of text.matchAll(MARKER)) {
    starts.push({ index: m.index, end: m.index + m[0].length, role: m[0].includes('Human') ? 'user' : 'assistant' });
  }
  // Tolerate a missing leading blank line: "Human: …" at the very start is still the first turn.
  const bare = /^\s*(Human|Assistant):/.exec(starts.length > 0 ? text.slice(0, starts[0].index) : text);
  if (bare) starts.unshift({ index: 0, end: bare[0].length, role: bare[1] === 'Human' ? 'user' : 'assistant' });
  if (starts.length === 0) {
    add(path, 'no "\\n\\nHuman:" / "\\n\\nAssistant:" turns found');
    return undefined;
  }
  if (text.slice(0, starts[0].index).trim() !== '') {
    add(path, 'text before the first "Human:" turn');
    return undefined;
  }
  starts.forEach((s, i) => {
    let content = text.slice(s.end, i + 1 < starts.length ? starts[i + 1].index : text.length);
    if (content.startsWith(' ')) content = content.slice(1);
    messages.push({ role: s.role, content });
  });
  return messages;
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `record is ${typeName(value)}, expected {chosen, rejected}`);
  const sink = issueSink(ctx);
  const add = (path: string, message: string) => sink.add(path, message);
  for (const key of ['chosen', 'rejected'] as const) {
    if (typeof value[key] !== 'string')
      return skipRecord(ctx, `$.${key}`, `${key} is ${typeName(value[key])}, expected a transcript string`);
  }
  const chosen = parseTranscript(value.chosen as string, '$.chosen', add);
  const rejected = parseTranscript(value.rejected as string, '$.rejected', add);
  if (!chosen || !rejected) return { rollouts: [], issues: sink.issues };

  const promptLength = sharedPromptLength(chosen, rejected);
  if (promptLength === 0)
    return skipRecord(
      ctx,
      '$',
      'chosen and rejected share no Human turn, so they answer no common prompt',
      sink.issues,
    );
  if (JSON.stringify(chosen) === JSON.stringify(rejected)) sink.add('$', 'chosen and rejected are identical');
  else if (divergesEarly(promptLength, chosen, rejected)) {
    sink.add(
      '$',
      `chosen and rejected diverge before their last Human turn; the prompt is the first ${promptLength} shared message(s)`,
    );
  }
  for (const [key, side] of [
    ['chosen', chosen],
    ['rejected', rejected],
  ] as const) {
    const last = side[side.length - 1];
    if (last.role === 'assistant' && typeof last.content === 'string' && last.content.trim() === '') {
      sink.add(`$.${key}`, `${key} ends with an empty Assistant turn; kept as an empty response`);
    }
  }
  return { rollouts: pairDrafts({ ctx, chosen, rejected, promptLength }), issues: sink.issues };
}

export const format: FormatModule = {
  id: 'hh-rlhf',
  label: 'Anthropic HH-RLHF',
  description:
    'Anthropic HH-RLHF {chosen, rejected} "\\n\\nHuman: … \\n\\nAssistant: …" transcripts → preference pairs.',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
