/**
 * Training data made from a review of one rollout, as pure transforms on canonical messages. The
 * writers in lib/export project the results exactly as they project imported rollouts (system prompt
 * settled, OpenAI shape, simulated-user tools dropped or folded), so a derived example looks like
 * every other one in the same format.
 *
 * - cutAtLastGoodTurn: the conversation before the first bad step, ending on the last assistant
 *   message before it; null when no assistant turn of the completion comes before it.
 * - correctedSftExamples: one example per correction: the messages before the corrected turn, then
 *   the corrected turn, and nothing after it (the original tool results answered the original calls).
 * - correctionPairs: per correction, prompt = the messages before the turn, chosen = the correction,
 *   rejected = the original (TRL conversational preference and OpenAI DPO shapes alike).
 *
 * Derived rollouts keep the source's ids, prompt key and content hash: they name where the example
 * came from, not a new rollout (writers never re-hash).
 */
import type { Message, Rollout, ToolSpec } from '../formats/types';
import { applyCorrection, isNoOpCorrection } from './corrections';
import type { Correction, RolloutAnnotation } from './types';

/** Where the completion starts (importers always set promptLength; the fallback is the first assistant turn). */
export function promptLengthOf(rollout: Pick<Rollout, 'messages' | 'promptLength'>): number {
  if (rollout.promptLength !== undefined) return rollout.promptLength;
  const first = rollout.messages.findIndex((m) => m.role === 'assistant');
  return first === -1 ? rollout.messages.length : first;
}

function withMessages(rollout: Rollout, messages: Message[]): Rollout {
  return { ...rollout, messages, promptLength: Math.min(promptLengthOf(rollout), messages.length) };
}

export function cutAtLastGoodTurn(
  rollout: Rollout,
  annotation: Pick<RolloutAnnotation, 'firstBadStep'>,
): Rollout | null {
  const bad = annotation.firstBadStep?.messageIndex;
  if (bad === undefined) return null;
  const start = promptLengthOf(rollout);
  for (let i = Math.min(bad, rollout.messages.length) - 1; i >= start; i--) {
    if (rollout.messages[i].role === 'assistant') return withMessages(rollout, rollout.messages.slice(0, i + 1));
  }
  return null;
}

/** Valid corrections in message order (a review's own checks reject the others; derivation skips them too). */
function correctionsInOrder(rollout: Rollout, corrections: readonly Correction[]): Correction[] {
  return corrections
    .filter((c) => rollout.messages[c.messageIndex]?.role === 'assistant')
    .sort((a, b) => a.messageIndex - b.messageIndex);
}

/**
 * Assistant turns a trainer should not learn from: the ones the reviewer corrected or rated bad, and
 * every turn from the first bad step on. Earlier turns stay in a corrected example as context, with
 * `weight: 0` (OpenAI chat fine-tuning's per-message weight; other writers may drop the turn's loss).
 */
function maskedTurns(annotation: RolloutAnnotation): (i: number) => boolean {
  const corrected = new Set(annotation.corrections.map((c) => c.messageIndex));
  const bad = new Set(annotation.ratings.filter((r) => r.rating === 'bad').map((r) => r.messageIndex));
  const from = annotation.firstBadStep?.messageIndex ?? Infinity;
  return (i) => corrected.has(i) || bad.has(i) || i >= from;
}

export function correctedSftExamples(rollout: Rollout, annotation: RolloutAnnotation): Rollout[] {
  const isMasked = maskedTurns(annotation);
  return correctionsInOrder(rollout, annotation.corrections).map((c) => {
    const prefix = rollout.messages
      .slice(0, c.messageIndex)
      .map((m, i) => (m.role === 'assistant' && isMasked(i) ? { ...m, weight: 0 } : m));
    const fixed = applyCorrection(rollout.messages[c.messageIndex], c);
    return withMessages(rollout, [...prefix, fixed]);
  });
}

export interface CorrectionPair {
  /** The corrected message's index in the source rollout. */
  messageIndex: number;
  prompt: Message[];
  chosen: Message[];
  rejected: Message[];
  tools: ToolSpec[];
}

/** Corrections that change nothing make no pair. */
export function correctionPairs(
  rollout: Rollout,
  annotation: Pick<RolloutAnnotation, 'corrections'>,
): CorrectionPair[] {
  return correctionsInOrder(rollout, annotation.corrections)
    .filter((c) => !isNoOpCorrection(rollout.messages[c.messageIndex], c))
    .map((c) => {
      const original = rollout.messages[c.messageIndex];
      return {
        messageIndex: c.messageIndex,
        prompt: rollout.messages.slice(0, c.messageIndex),
        chosen: [applyCorrection(original, c)],
        rejected: [original],
        tools: rollout.tools,
      };
    });
}
