/** Preference pairs: the shared prompt of two conversations, and the two rollouts of a pair. */
import { newDraft } from '../drafts';
import type { Message, RecordContext, RolloutDraft } from '../types';

function sameMessage(a: Message, b: Message): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The prompt of an implicit-prompt pair (HH-RLHF, TRL implicit, LLaMA-Factory v1): the longest
 * common prefix of whole messages, cut back so that it ends with a user turn (a prompt that ends
 * mid-answer is not what a DPO trainer expects) and so that each side keeps at least one message.
 * 0 means the sides share no prompt.
 */
export function sharedPromptLength(chosen: Message[], rejected: Message[]): number {
  let n = 0;
  const max = Math.min(chosen.length, rejected.length);
  while (n < max && sameMessage(chosen[n], rejected[n])) n++;
  n = Math.min(n, chosen.length - 1, rejected.length - 1);
  while (n > 0 && chosen[n - 1].role !== 'user') n--;
  return Math.max(n, 0);
}

/** True when the prompt ends before the last user turn of either side (they diverge earlier). */
export function divergesEarly(promptLength: number, chosen: Message[], rejected: Message[]): boolean {
  const lastUser = (ms: Message[]) => ms.map((m) => m.role).lastIndexOf('user');
  return lastUser(chosen) >= promptLength || lastUser(rejected) >= promptLength;
}

export interface PairInput {
  ctx: RecordContext;
  chosen: Message[];
  rejected: Message[];
  promptLength: number;
  tools?: RolloutDraft['tools'];
  /** Extra fields for both sides (meta, taskId, split...). */
  common?: Partial<RolloutDraft>;
  /** Extra metrics per side (TRL score_chosen/score_rejected). */
  chosenMetrics?: Record<string, number>;
  rejectedMetrics?: Record<string, number>;
}

/**
 * Both sides of a preference pair as rollouts of the same prompt: chosen reward 1, rejected 0 (the
 * sources carry only the preference), linked by `pair.id` = the record index.
 */
export function pairDrafts(input: PairInput): RolloutDraft[] {
  const { ctx, promptLength } = input;
  const id = `${ctx.record}`;
  const side = (which: 'chosen' | 'rejected', messages: Message[], metrics: Record<string, number> = {}) =>
    newDraft(ctx, {
      externalId: `${id}:${which}`,
      messages,
      tools: input.tools ?? [],
      reward: which === 'chosen' ? 1 : 0,
      metrics,
      promptLength,
      pair: { id, side: which },
      ...input.common,
    });
  return [side('chosen', input.chosen, input.chosenMetrics), side('rejected', input.rejected, input.rejectedMetrics)];
}
