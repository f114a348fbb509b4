/**
 * Splits two conversations of the same prompt into a shared prompt and two continuations.
 *
 * The prompt is the longest common prefix, moved back so that each continuation starts with an
 * assistant turn: when the rollouts first differ in a user or tool message (the environment or
 * simulated user answered differently), the continuation starts at the last assistant turn before
 * that point, so both sides still begin with something the policy produced.
 */
import type { OpenAiMessage } from './openai-messages';

export type PairSplit =
  | {
      ok: true;
      prompt: OpenAiMessage[];
      chosen: OpenAiMessage[];
      rejected: OpenAiMessage[];
      divergesAtAssistant: boolean;
    }
  | { ok: false; reason: 'identical' | 'one-is-prefix' | 'no-shared-prompt' };

export function splitPair(chosen: readonly OpenAiMessage[], rejected: readonly OpenAiMessage[]): PairSplit {
  const n = Math.min(chosen.length, rejected.length);
  let d = 0;
  // Messages are built with a fixed key order, so equal messages stringify equally.
  while (d < n && JSON.stringify(chosen[d]) === JSON.stringify(rejected[d])) d++;
  if (d === n) return { ok: false, reason: chosen.length === rejected.length ? 'identical' : 'one-is-prefix' };
  const atAssistant = chosen[d].role === 'assistant' && rejected[d].role === 'assistant';
  let start = d;
  if (!atAssistant) {
    start = -1;
    for (let i = d - 1; i >= 0; i--) {
      if (chosen[i].role === 'assistant') {
        start = i;
        break;
      }
    }
  }
  if (start <= 0 || !chosen.slice(0, start).some((m) => m.role !== 'assistant'))
    return { ok: false, reason: 'no-shared-prompt' };
  return {
    ok: true,
    prompt: chosen.slice(0, start),
    chosen: chosen.slice(start),
    rejected: rejected.slice(start),
    divergesAtAssistant: atAssistant,
  };
}
