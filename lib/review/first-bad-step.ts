/**
 * Turn-level agreement: do two reviewers of the same rollout put the first bad step on the same
 * message, or within one assistant turn of each other?
 *
 * Every pair of submitted reviews of an item is compared on each rollout of the item that either
 * annotated (and always on a rollout item's own rollout). A review with no mark on a rollout says
 * "no bad step there". Rates are over the pairs where both marked a step; the pairs where only one
 * did are counted apart, because "one saw a problem, the other did not" is a different disagreement.
 */
import type { Message } from '../formats/types';
import type { Review, ReviewItem } from './types';

/** The assistant turn a message belongs to (see assistantTurns). */
export type TurnOf = (rolloutId: string, messageIndex: number) => number;

export interface FirstBadStepAgreement {
  /** Reviewer pairs compared (one per rollout per pair of reviews). */
  pairs: number;
  bothMarked: number;
  /** Same message. */
  exact: number;
  /** At most one turn apart (exact included). */
  withinOne: number;
  exactRate: number | null;
  withinOneRate: number | null;
  /** One reviewer marked a first bad step and the other did not. */
  oneMarked: number;
  /** What "one apart" counts: assistant turns when a turnOf was given, else message indices. */
  unit: 'assistant-turn' | 'message';
}

/**
 * For each message, the 0-based index of the assistant turn it belongs to: an assistant message
 * starts a turn, and the tool results and user messages after it belong to that turn. Messages
 * before the first assistant message are turn -1.
 */
export function assistantTurns(messages: readonly Pick<Message, 'role'>[]): Int32Array {
  const turns = new Int32Array(messages.length);
  let turn = -1;
  for (let i = 0; i < messages.length; i++) {
    if (messages[i].role === 'assistant') turn++;
    turns[i] = turn;
  }
  return turns;
}

function markOn(review: Review, rolloutId: string): number | null {
  const a = review.annotations.find((x) => x.rolloutId === rolloutId);
  return a?.firstBadStep?.messageIndex ?? null;
}

function rolloutsCompared(item: ReviewItem | undefined, reviews: readonly Review[]): string[] {
  const ids = new Set<string>(item?.kind === 'rollout' ? [item.rolloutId] : []);
  for (const r of reviews) for (const a of r.annotations) if (a.firstBadStep) ids.add(a.rolloutId);
  return [...ids];
}

/** `reviewsByItem`: submitted reviews grouped by item id. */
export function measureFirstBadStepAgreement(
  reviewsByItem: ReadonlyMap<string, readonly Review[]>,
  items: ReadonlyMap<string, ReviewItem>,
  turnOf?: TurnOf,
): FirstBadStepAgreement {
  let pairs = 0;
  let bothMarked = 0;
  let exact = 0;
  let withinOne = 0;
  let oneMarked = 0;
  const distance = (rolloutId: string, a: number, b: number) =>
    turnOf ? Math.abs(turnOf(rolloutId, a) - turnOf(rolloutId, b)) : Math.abs(a - b);

  for (const [itemId, reviews] of reviewsByItem) {
    if (reviews.length < 2) continue;
    if (reviews.every((r) => r.annotations.length === 0)) {
      // Nobody marked anything: every pair agrees there is no bad step (the common case, kept cheap).
      const item = items.get(itemId);
      if (item?.kind === 'rollout') pairs += (reviews.length * (reviews.length - 1)) / 2;
      continue;
    }
    for (const rolloutId of rolloutsCompared(items.get(itemId), reviews)) {
      const marks = reviews.map((r) => markOn(r, rolloutId));
      for (let i = 0; i < marks.length; i++)
        for (let j = i + 1; j < marks.length; j++) {
          pairs++;
          const a = marks[i];
          const b = marks[j];
          if (a === null && b === null) continue;
          if (a === null || b === null) {
            oneMarked++;
            continue;
          }
          bothMarked++;
          if (a === b) exact++;
          if (distance(rolloutId, a, b) <= 1) withinOne++;
        }
    }
  }
  return {
    pairs,
    bothMarked,
    exact,
    withinOne,
    exactRate: bothMarked ? exact / bothMarked : null,
    withinOneRate: bothMarked ? withinOne / bothMarked : null,
    oneMarked,
    unit: turnOf ? 'assistant-turn' : 'message',
  };
}
