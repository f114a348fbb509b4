/**
 * Which export a token analysis measures (pure: the page, the CLI and the job share it). The
 * conversations themselves are built in lib/tokenize/export-shape.ts with the exporter's projection.
 *
 * A pure layer imports nothing from lib/export, so the format ids are EXPORT_SHAPES' keys here;
 * lib/tokenize/export-shape.ts checks at compile time that they are exactly lib/export's
 * EXPORT_FORMAT_IDS (a format added there without a shape here does not compile).
 */

/** Writer options that change the conversations (lib/export/conversation.ts ConversationOptions). */
export interface ShapeOptions {
  systemPrompt?: 'auto' | 'data';
  userTools?: 'drop' | 'fold';
  reasoning?: 'drop' | 'reasoning_content';
  endOn?: 'last-assistant' | 'last-text-assistant';
}

export type ExportShape = 'sft' | 'verl-sft' | 'prompt-completion' | 'rollout';

/** Shape of each export format's conversations; null = no per-rollout conversation to analyse. */
export const EXPORT_SHAPES = {
  'openai-chat': 'sft',
  'sft-json': 'sft',
  'trl-preference': 'sft',
  'verl-sft-parquet': 'verl-sft',
  'verl-sft-csv': 'verl-sft',
  kto: 'prompt-completion',
  'rollouts-jsonl': 'rollout',
  'dpo-pairs': 'rollout',
  'openai-dpo': null,
  'verl-rl-parquet': null,
} as const satisfies Record<string, ExportShape | null>;

/** An export format id (lib/export/formats.ts ExportFormatId; the same union, checked in export-shape.ts). */
export type ShapeFormatId = keyof typeof EXPORT_SHAPES;

export const ANALYSABLE_FORMATS = (Object.keys(EXPORT_SHAPES) as ShapeFormatId[]).filter(
  (f) => EXPORT_SHAPES[f] !== null,
);

/** Which export an analysis measures: the format and the writer options that change its conversations. */
export interface ShapeSpec extends ShapeOptions {
  format: ShapeFormatId;
}

export const DEFAULT_SHAPE: ShapeSpec = { format: 'openai-chat' };

/** Options with their defaults filled in, in a fixed order (cache keys, manifests, comparisons). */
export function normalizeShape(spec: ShapeSpec): Required<ShapeSpec> {
  return {
    format: spec.format,
    systemPrompt: spec.systemPrompt ?? 'auto',
    userTools: spec.userTools ?? 'drop',
    reasoning: spec.reasoning ?? 'drop',
    endOn: spec.endOn ?? 'last-assistant',
  };
}

/** A short stable key for the cache: every option that changes the rendered conversation. */
export function shapeKey(spec: ShapeSpec): string {
  const s = normalizeShape(spec);
  const shape = EXPORT_SHAPES[s.format];
  if (shape === 'rollout') return `${s.format}`;
  return `${s.format}.${s.systemPrompt}.${s.userTools}.${s.reasoning}.${s.endOn === 'last-assistant' ? 'la' : 'lta'}`;
}

/** Same conversations, same counts: an export matches an analysis when their shape keys match. */
export function sameShape(a: ShapeSpec, b: ShapeSpec): boolean {
  return shapeKey(a) === shapeKey(b);
}

/** In words, for the analysis page and the CLI. */
export function describeShape(spec: ShapeSpec): string {
  const s = normalizeShape(spec);
  const shape = EXPORT_SHAPES[s.format];
  if (shape === null) return `${s.format} (no per-rollout conversation)`;
  if (shape === 'rollout') return `${s.format}: the canonical messages, untrimmed, with tools`;
  const parts = [
    s.systemPrompt === 'auto' ? 'tau2 system prompt rebuilt' : "the data's system prompt",
    s.endOn === 'last-assistant' ? 'cut after the last assistant turn' : 'cut after the last text-only assistant turn',
    s.userTools === 'drop' ? 'simulated-user tool calls dropped' : 'simulated-user tool calls folded into user turns',
  ];
  if (s.reasoning === 'reasoning_content') parts.push('reasoning as reasoning_content');
  if (shape === 'verl-sft') parts.push('no tools (verl reads tools_json only if configured)');
  if (shape === 'prompt-completion') parts.push('prompt + completion');
  return `${s.format}: ${parts.join(', ')}`;
}
