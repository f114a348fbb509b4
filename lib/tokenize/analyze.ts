/**
 * Per-rollout token analysis: render like a trainer, tokenize once, attribute tokens to messages
 * and to the two training masks. Results are plain JSON so they can be cached and cross threads.
 */
import type { Message, ToolSpec } from '../formats/types';
import type { RolloutTokenStats, TokenSpan } from '../token-stats/rollout-stats';
import { isSystemLike } from './hf-messages';
import { encodeText, type TokenizedText } from './offsets';
import type { LoadedTokenizer } from './registry';
import { locateTurns, type TurnLayout } from './spans';
import { checkTemplate, renderMessages, toTemplateInput, type RenderOptions } from './template';
import { probeTurnFormat, type TurnFormat } from './turn-format';

export interface RolloutInput {
  id: string;
  contentHash: string;
  messages: Message[];
  tools: ToolSpec[];
}

export type AnalyzeOptions = RenderOptions;

export interface Analyzer {
  loaded: LoadedTokenizer;
  format: TurnFormat;
  /** Template-level warnings ('template ignores tools'). */
  warnings: string[];
  analyze(rollout: Pick<RolloutInput, 'messages' | 'tools'>, opts?: AnalyzeOptions): RolloutTokenStats;
  /** The pieces analyze() is made of, for the viewer. */
  layout(rollout: Pick<RolloutInput, 'messages' | 'tools'>, opts?: AnalyzeOptions): ConversationLayout;
}

export interface ConversationLayout {
  text: string;
  /** Messages as rendered (after removeSystemMessages). */
  messages: Message[];
  /** Index in the original messages of each rendered message. */
  originalIndex: number[];
  encoding: TokenizedText;
  turns: TurnLayout;
  spans: TokenSpan[];
  lastSpan: TokenSpan | null;
}

export function createAnalyzer(loaded: LoadedTokenizer): Analyzer {
  const { tokenizer, template } = loaded;
  const { warnings } = checkTemplate(tokenizer, template);
  const format = probeTurnFormat(tokenizer, template);

  const layout: Analyzer['layout'] = (rollout, opts = {}) => {
    const originalIndex: number[] = [];
    rollout.messages.forEach((m, i) => {
      if (!(opts.removeSystemMessages && isSystemLike(m))) originalIndex.push(i);
    });
    const messages = toTemplateInput(rollout.messages, opts);
    const text = renderMessages(tokenizer, template, messages, rollout.tools);
    const encoding = encodeText(tokenizer, text);
    const turns = locateTurns(text, messages, format);
    const spans: TokenSpan[] = turns.trained.map((s) => [encoding.tokenAt(s.start), encoding.tokensBefore(s.end)]);
    return {
      text,
      messages,
      originalIndex,
      encoding,
      turns,
      spans,
      lastSpan: spans.length > 0 ? spans[spans.length - 1] : null,
    };
  };

  const analyze: Analyzer['analyze'] = (rollout, opts = {}) => {
    const l = layout(rollout, opts);
    const { encoding: enc, turns } = l;
    const perMessage = new Array<number>(rollout.messages.length).fill(0);
    let assistant = 0;
    let system = enc.count;
    turns.regions.forEach((r, i) => {
      const n = enc.tokensBefore(r.end) - enc.tokensBefore(r.start);
      perMessage[l.originalIndex[i]] = n;
      if (l.messages[i].role === 'assistant') assistant += n;
    });
    const firstTurn = l.messages.findIndex((m) => !isSystemLike(m));
    if (firstTurn >= 0) system = enc.tokensBefore(turns.regions[firstTurn].start);
    const trainedAll = l.spans.reduce((sum, [a, b]) => sum + (b - a), 0);
    const stats: RolloutTokenStats = {
      total: enc.count,
      system,
      assistant,
      conversation: enc.count - system,
      perMessage,
      trainedAll,
      trainedLast: l.lastSpan ? l.lastSpan[1] - l.lastSpan[0] : 0,
      spans: l.spans,
      lastSpan: l.lastSpan,
      exact: enc.exact,
    };
    if (turns.warnings.length > 0) stats.warnings = turns.warnings;
    return stats;
  };

  return { loaded, format, warnings, analyze, layout };
}
