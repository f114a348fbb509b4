/**
 * Rendered conversation for the viewer: the exact template text cut into trained / untrained
 * segments on token boundaries, plus where a max_length cut falls, so the highlighted text is
 * precisely what the trainer learns from.
 */
import type { TokenSpan } from '../token-stats/rollout-stats';
import type { TrainMask } from '../token-report/masks';
import type { AnalyzeOptions, Analyzer } from './analyze';
import type { TemplateConversation } from './export-shape';

export interface ViewSegment {
  text: string;
  trained: boolean;
  /** [tokenStart, tokenEnd) of this segment. */
  tokenStart: number;
  tokenEnd: number;
  /** Index in the rollout's messages of the message this segment belongs to (-1: template preamble or text the export wrote). */
  message: number;
}

export interface RenderedView {
  text: string;
  totalTokens: number;
  templateHash: string;
  segments: ViewSegment[];
  /** Char offset where token `maxLength` starts (null when nothing is cut). */
  cutChar: number | null;
  mask: TrainMask;
}

export interface RenderViewOptions extends AnalyzeOptions {
  maxLength?: number;
  mask?: TrainMask;
}

export function renderView(
  analyzer: Analyzer,
  conversation: TemplateConversation,
  opts: RenderViewOptions = {},
): RenderedView {
  const mask = opts.mask ?? 'all';
  const l = analyzer.layout(conversation, opts);
  const enc = l.encoding;
  const trained: TokenSpan[] =
    mask === 'all'
      ? l.spans
      : mask === 'last'
        ? l.lastSpan
          ? [l.lastSpan]
          : []
        : l.completionSpan
          ? [l.completionSpan]
          : [];
  const charOf = (token: number) => enc.charStart(token);

  // Cut points in token space: message turn starts and trained span edges.
  const cuts = new Set<number>([0, enc.count]);
  l.turns.regions.forEach((r) => cuts.add(enc.tokensBefore(r.start)));
  for (const [a, b] of trained) cuts.add(a).add(b);
  const points = [...cuts].filter((t) => t >= 0 && t <= enc.count).sort((a, b) => a - b);
  const turnStarts = l.turns.regions.map((r) => enc.tokensBefore(r.start));

  const segments: ViewSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    let turn = -1;
    for (let k = 0; k < turnStarts.length && turnStarts[k] <= a; k++) turn = k;
    segments.push({
      text: l.text.slice(charOf(a), charOf(b)),
      trained: trained.some(([s, e]) => a >= s && b <= e),
      tokenStart: a,
      tokenEnd: b,
      message: turn < 0 ? -1 : l.conversation.sources[turn],
    });
  }
  const cutChar = opts.maxLength !== undefined && opts.maxLength < enc.count ? charOf(opts.maxLength) : null;
  return { text: l.text, totalTokens: enc.count, templateHash: analyzer.loaded.templateHash, segments, cutChar, mask };
}
