/**
 * Per-rollout token analysis: render the conversation an export writes (export-shape.ts) like a
 * trainer, count its tokens once, and attribute them to the system preamble, the assistant turns and
 * the training masks. Results are small plain objects, so they can be cached and cross threads.
 *
 * One render per rollout, one encode (cached by section and piece: fast-encode.ts), and positions
 * looked up in that same pass. "Remove system prompt" is computed alongside, so the page can switch
 * it without a new analysis: a template renders the system prompt (and the tool definitions) before
 * the first other turn, and the turns after it do not depend on it, so without the system messages
 * every position after that point moves by the same number of tokens. That number comes from a
 * render of the preamble alone; the claim is checked on a full render now and then (verifyEvery),
 * and a template that breaks it gets `systemNoSys: -1` (unknown) from then on.
 */
import type { RolloutTokenStats, TokenSpan } from '../token-stats/rollout-stats';
import { createSegmentEncoder, type SegmentEncoder } from './fast-encode';
import { withoutSystemMessages, type TemplateConversation } from './export-shape';
import { isSystemLike } from './hf-messages';
import { encodeText, type TokenizedText } from './offsets';
import type { LoadedTokenizer } from './registry';
import { locateTurns, type TurnLayout } from './spans';
import { checkTemplate, renderHf } from './template';
import { probeTurnFormat, type TurnFormat } from './turn-format';

export interface AnalyzeOptions {
  /** Render without system/developer messages (the viewer's option; analyses compute both). */
  removeSystemMessages?: boolean;
}

export interface NoSysCheck {
  /** Full renders without the system messages compared with the preamble-only derivation. */
  checked: number;
  failed: number;
}

export interface Analyzer {
  loaded: LoadedTokenizer;
  format: TurnFormat;
  /** Template-level warnings ('template ignores tools'). */
  warnings: string[];
  encoder: SegmentEncoder;
  analyze(conversation: TemplateConversation): RolloutTokenStats;
  /** The pieces of one render with offsets for every token, for the viewer. */
  layout(conversation: TemplateConversation, opts?: AnalyzeOptions): ConversationLayout;
  readonly noSysCheck: NoSysCheck;
}

export interface ConversationLayout {
  text: string;
  /** The conversation as rendered (after removeSystemMessages). */
  conversation: TemplateConversation;
  encoding: TokenizedText;
  turns: TurnLayout;
  spans: TokenSpan[];
  lastSpan: TokenSpan | null;
  /** Completion-only training: from the first completion token through the last trained span. */
  completionSpan: TokenSpan | null;
}

export interface CreateAnalyzerOptions {
  /** Check the "remove system prompt" derivation on a full render every this many rollouts. Default 64. */
  verifyEvery?: number;
}

export function createAnalyzer(loaded: LoadedTokenizer, opts: CreateAnalyzerOptions = {}): Analyzer {
  const { warnings } = checkTemplate(loaded);
  const format = probeTurnFormat(loaded.tokenizer, loaded);
  const encoder = createSegmentEncoder(loaded.tokenizer);
  const verifyEvery = Math.max(1, opts.verifyEvery ?? 64);
  const noSysCheck: NoSysCheck = { checked: 0, failed: 0 };
  let analysed = 0;
  const render = (c: TemplateConversation) => renderHf(loaded, c.messages, c.tools);

  const layout: Analyzer['layout'] = (conversation, o = {}) => {
    const c = o.removeSystemMessages ? withoutSystemMessages(conversation) : conversation;
    const text = render(c);
    const encoding = encodeText(loaded.tokenizer, text);
    const turns = locateTurns(text, c.turns, format);
    const spans: TokenSpan[] = turns.trained.map((s) => [encoding.tokenAt(s.start), encoding.tokensBefore(s.end)]);
    const lastSpan = spans.length > 0 ? spans[spans.length - 1] : null;
    const p = c.promptMessages;
    let completionSpan: TokenSpan | null = null;
    if (lastSpan && p < turns.regions.length) {
      const at = turns.outputStarts[p];
      const from = at >= 0 ? encoding.tokenAt(at) : encoding.tokensBefore(turns.regions[p].start);
      if (from < lastSpan[1]) completionSpan = [from, lastSpan[1]];
    }
    return { text, conversation: c, encoding, turns, spans, lastSpan, completionSpan };
  };

  /** Tokens before the first non-system turn of `c` rendered without its system messages, or -1. */
  const preambleWithoutSystem = (c: TemplateConversation, first: number): number => {
    const bare = withoutSystemMessages({
      ...c,
      messages: c.messages.slice(0, first + 1),
      turns: c.turns.slice(0, first + 1),
      sources: c.sources.slice(0, first + 1),
      promptMessages: 0,
    });
    const text = render(bare);
    const start = locateTurns(text, bare.turns, format).regions[0]?.start;
    if (start === undefined) return -1;
    return encoder.encode(text, [start]).before[0];
  };

  /** Whether a full render without system messages has the preamble-only render's head and `text`'s tail. */
  const noSysHolds = (c: TemplateConversation, text: string, firstStart: number): boolean => {
    const noSys = withoutSystemMessages(c);
    const full = render(noSys);
    const bare = render({ ...noSys, messages: noSys.messages.slice(0, 1), turns: noSys.turns.slice(0, 1) });
    const start = locateTurns(full, noSys.turns, format).regions[0]?.start ?? -1;
    return start >= 0 && full.slice(start) === text.slice(firstStart) && bare.startsWith(full.slice(0, start));
  };

  const analyze: Analyzer['analyze'] = (c) => {
    analysed++;
    const text = render(c);
    const turns = locateTurns(text, c.turns, format);
    const { regions, trained, outputStarts } = turns;
    const first = c.messages.findIndex((m) => !isSystemLike(m));
    const p = c.promptMessages;
    const completionChar =
      p < c.messages.length && p < regions.length ? (outputStarts[p] >= 0 ? outputStarts[p] : regions[p].start) : -1;

    // Every char position we need a token position for, looked up in one encode.
    const wanted: number[] = [];
    for (const r of regions) wanted.push(r.start, r.end);
    for (const s of trained) wanted.push(s.start, s.end);
    if (completionChar >= 0) wanted.push(completionChar);
    const positions = [...new Set(wanted)].sort((a, b) => a - b);
    const enc = encoder.encode(text, positions);
    const index = new Map(positions.map((pos, i) => [pos, i]));
    const before = (pos: number) => enc.before[index.get(pos)!];
    const tokenAt = (pos: number) => {
      if (pos >= text.length) return enc.count;
      const i = index.get(pos)!;
      return Math.max(0, enc.before[i] + enc.at[i] - 1);
    };

    let assistant = 0;
    regions.forEach((r, i) => {
      if (c.messages[i].role === 'assistant') assistant += before(r.end) - before(r.start);
    });
    const system = first >= 0 && first < regions.length ? before(regions[first].start) : enc.count;
    const spans: TokenSpan[] = trained.map((s) => [tokenAt(s.start), before(s.end)]);
    const completionStart =
      completionChar < 0 ? -1 : outputStarts[p] >= 0 ? tokenAt(completionChar) : before(completionChar);

    let systemNoSys = system;
    if (c.messages.some(isSystemLike)) {
      const laterSystem = first >= 0 && c.messages.slice(first).some(isSystemLike);
      if (first < 0 || laterSystem || !format.turnStartAdded || noSysCheck.failed > 0) systemNoSys = -1;
      else {
        systemNoSys = preambleWithoutSystem(c, first);
        if (systemNoSys >= 0 && (analysed - 1) % verifyEvery === 0) {
          noSysCheck.checked++;
          if (!noSysHolds(c, text, regions[first].start)) {
            noSysCheck.failed++;
            systemNoSys = -1;
          }
        }
      }
    }

    const stats: RolloutTokenStats = {
      total: enc.count,
      system,
      systemNoSys,
      assistant,
      completionStart,
      spans,
      exact: enc.exact,
    };
    if (turns.warnings.length > 0) stats.warnings = turns.warnings;
    return stats;
  };

  return { loaded, format, warnings, encoder, analyze, layout, noSysCheck };
}
