/**
 * "Count what the export writes": the conversation a token analysis renders is the one the chosen
 * export format writes, built by the exporter's own projection (lib/export/conversation.ts), with
 * the tools the line carries, as a trainer hands them to apply_chat_template:
 *
 * | format | messages | tools given to the template |
 * |---|---|---|
 * | openai-chat, trl-preference | sftProjection (tau2 prompt rebuilt, cut at the last assistant turn, simulated-user calls dropped or folded) | the line's `tools` (absent without tools) / `tools` always |
 * | sft-json | sftProjection | `tools` (written even when empty: `[]`) |
 * | verl-sft-parquet / -csv | sftProjection as verl rows (multi-turn) | none: tools go to `tools_json`, which verl's trainer does not read by default |
 * | kto | prompt + completion (promptCompletionProjection) | `tools` when the rollout has any |
 * | rollouts-jsonl, dpo-pairs | the canonical messages, untrimmed | `tools` (always) |
 *
 * openai-dpo (one diverging turn per pair) and verl-rl-parquet (prompts only) carry no per-rollout
 * conversation and cannot be analysed. trl-preference's prompt + chosen is exactly sftProjection.
 */
import { promptCompletionProjection, sftProjection, type ProjectedConversation } from '../export/conversation';
import { canonicalMessage } from '../export/canonical-record';
import type { ExportFormatId } from '../export/formats';
import { DEFAULT_SHAPE, EXPORT_SHAPES, normalizeShape, type ShapeSpec } from '../token-report/shape';
import type { OpenAiMessage } from '../export/openai-messages';
import { toolsOut } from '../export/tools';
import { messageRow } from '../export/verl-rows';
import { defaultPromptLength } from '../formats/finalize';
import type { Message, Rollout, ToolSpec } from '../formats/types';
import { callNames, isSystemLike, isTrainableAssistant, templateMessage, type HfMessage } from './hf-messages';
import type { TurnInput } from './spans';

export {
  ANALYSABLE_FORMATS,
  DEFAULT_SHAPE,
  describeShape,
  EXPORT_SHAPES,
  normalizeShape,
  sameShape,
  shapeKey,
  type ExportShape,
  type ShapeSpec,
} from '../token-report/shape';

// lib/token-report names the export formats by EXPORT_SHAPES' keys (a pure layer cannot import
// lib/export): they must be exactly lib/export's format ids, both ways.
type SameUnion<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
type _ShapesNameEveryFormat = Holds<SameUnion<keyof typeof EXPORT_SHAPES, ExportFormatId>>;

/** A conversation exactly as the template receives it, with what locating turns needs. */
export interface TemplateConversation {
  messages: HfMessage[];
  tools: unknown[] | null;
  turns: TurnInput[];
  /** Leading messages that belong to the prompt (completion-only training starts after them). */
  promptMessages: number;
  /** Index in the rollout's own messages of each message (-1: written by the export, e.g. a rebuilt system prompt). */
  sources: number[];
}

/** What a conversation is built from (a stored rollout, or a fixture). */
export type ShapeSource = Pick<Rollout, 'messages' | 'tools'> & Partial<Pick<Rollout, 'meta' | 'promptLength'>>;

// The same tools array in gives the same tools object out, so the template engine's memos
// (jinja.ts) render a tool set's JSON once however many conversations share it.
const toolsMemo = new WeakMap<readonly ToolSpec[], ToolSpec[]>();
function toolsAsWritten(tools: readonly ToolSpec[]): ToolSpec[] {
  let out = toolsMemo.get(tools);
  if (!out) toolsMemo.set(tools, (out = toolsOut(tools)));
  return out;
}

function turnOf(m: HfMessage, trainable: boolean): TurnInput {
  return { role: m.role, content: m.content, callNames: callNames(m), trainable };
}

function fromProjection(
  rollout: ShapeSource,
  p: ProjectedConversation,
  toLine: (m: OpenAiMessage) => object,
  tools: unknown[] | null,
): TemplateConversation {
  // settleSystemPrompt prepends a rebuilt system prompt when the data had none: shift sources back.
  const shift = p.settled.length - rollout.messages.length;
  const messages = p.messages.map((m) => templateMessage(toLine(m) as { role: string }));
  return {
    messages,
    tools,
    turns: messages.map((m, i) =>
      turnOf(m, m.role === 'assistant' && isTrainableAssistant(p.settled[p.sources[i]] as Message)),
    ),
    promptMessages: p.promptMessages,
    sources: p.sources.map((s) => s - shift),
  };
}

/**
 * The conversation `spec.format` writes for this rollout, or null when the export leaves the rollout
 * out (no assistant turn; KTO without prompt or completion).
 */
export function conversationFor(rollout: ShapeSource, spec: ShapeSpec = DEFAULT_SHAPE): TemplateConversation | null {
  const s = normalizeShape(spec);
  const shape = EXPORT_SHAPES[s.format];
  if (shape === null) return null;
  const source = { messages: rollout.messages, meta: rollout.meta ?? {}, promptLength: rollout.promptLength };
  const tools: ToolSpec[] = rollout.tools;
  const asWritten = (m: OpenAiMessage) => m;
  if (shape === 'sft' || shape === 'verl-sft') {
    const p = sftProjection(source, s);
    if (!p) return null;
    if (shape === 'verl-sft') return fromProjection(rollout, p, messageRow, null);
    const lineTools = s.format === 'openai-chat' && tools.length === 0 ? null : toolsAsWritten(tools);
    return fromProjection(rollout, p, asWritten, lineTools);
  }
  if (shape === 'prompt-completion') {
    const p = promptCompletionProjection(source, s);
    if (p.promptMessages === 0 || p.promptMessages === p.messages.length) return null;
    return fromProjection(rollout, p, asWritten, tools.length > 0 ? toolsAsWritten(tools) : null);
  }
  const messages = rollout.messages.map((m) => templateMessage(canonicalMessage(m)));
  return {
    messages,
    tools: toolsAsWritten(tools),
    turns: messages.map((m, i) => turnOf(m, isTrainableAssistant(rollout.messages[i]))),
    promptMessages: Math.min(rollout.promptLength ?? defaultPromptLength(rollout.messages), messages.length),
    sources: messages.map((_, i) => i),
  };
}

/** The conversation without its system/developer messages ("remove system prompt"). */
export function withoutSystemMessages(c: TemplateConversation): TemplateConversation {
  const keep = c.messages.map((m) => !isSystemLike(m));
  const pick = <T>(xs: T[]) => xs.filter((_, i) => keep[i]);
  return {
    messages: pick(c.messages),
    tools: c.tools,
    turns: pick(c.turns),
    promptMessages: keep.slice(0, c.promptMessages).filter(Boolean).length,
    sources: pick(c.sources),
  };
}
