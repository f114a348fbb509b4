/**
 * Consensus: from the submitted reviews of an item and the queue's rule, the item's final verdict
 * or the reason it has none, and the disagreements list a curator works through.
 *
 * Rules (types.ts ConsensusRule):
 * - majority: a verdict with more than half of the submitted votes; an adjudication, when there is
 *   one, is final (a curator settles ties and may overrule).
 * - unanimous: every submitted vote the same; adjudications are ignored, so a disagreement keeps
 *   the item out (the "keep only what everyone accepts" setting).
 * - adjudicated: an adjudication is final; without one only a unanimous item is decided, so every
 *   disagreement waits for a curator.
 * Under every rule an item with fewer than `minReviews` submitted reviews is `pending` unless an
 * adjudication the rule accepts decides it. Drafts never vote.
 */
import type { Adjudication, ConsensusRule, Review, Verdict } from './types';
import { verdictKey } from './verdicts';

export interface Vote {
  key: string;
  verdict: Verdict;
  /** In submission order. */
  reviewers: string[];
}

export type ConsensusStatus = 'decided' | 'undecided' | 'pending';

export interface ItemConsensus {
  itemId: string;
  status: ConsensusStatus;
  /** The final verdict when decided, else null. */
  verdict: Verdict | null;
  source: 'unanimous' | 'majority' | 'adjudication' | null;
  /** Most votes first; equal counts in order of their first submission. */
  votes: Vote[];
  submitted: number;
  /** More than one distinct verdict among the submitted reviews. */
  isDisagreement: boolean;
}

export interface ConsensusOptions {
  rule: ConsensusRule;
  /** The queue's overlap k: fewer submitted reviews leave the item pending. Default 1. */
  minReviews?: number;
}

function isSubmitted(r: Review): r is Review & { verdict: Verdict; submittedAt: string } {
  return r.submittedAt !== null && r.verdict !== null;
}

/** Chronological order of ISO times; same-length UTC ('Z') strings compare as text, without parsing. */
function compareTimes(a: string, b: string): number {
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z')) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

/** Submitted votes grouped by verdict, most votes first. */
export function tallyVotes(reviews: readonly Review[]): Vote[] {
  const submitted = reviews.filter(isSubmitted).sort((a, b) => compareTimes(a.submittedAt, b.submittedAt));
  // A handful of distinct verdicts per item: a linear search beats a Map here (queues tally 10k+ items).
  const votes: Vote[] = [];
  for (const r of submitted) {
    const key = verdictKey(r.verdict);
    const vote = votes.find((v) => v.key === key);
    if (vote) vote.reviewers.push(r.reviewer);
    else votes.push({ key, verdict: r.verdict, reviewers: [r.reviewer] });
  }
  // Array.prototype.sort is stable: equal counts keep first-submission order.
  return votes.sort((a, b) => b.reviewers.length - a.reviewers.length);
}

/** The consensus of one item from its reviews (any order; drafts and other reviewers' drafts ignored). */
export function decideItem(
  itemId: string,
  reviews: readonly Review[],
  opts: ConsensusOptions,
  adjudication?: Adjudication | null,
): ItemConsensus {
  const votes = tallyVotes(reviews);
  let submitted = 0;
  for (const v of votes) submitted += v.reviewers.length;
  const result = (
    status: ConsensusStatus,
    verdict: Verdict | null,
    source: ItemConsensus['source'],
  ): ItemConsensus => ({
    itemId,
    status,
    verdict,
    source,
    votes,
    submitted,
    isDisagreement: votes.length > 1,
  });
  if (adjudication && opts.rule !== 'unanimous') return result('decided', adjudication.verdict, 'adjudication');
  if (submitted === 0 || submitted < (opts.minReviews ?? 1)) return result('pending', null, null);
  if (votes.length === 1) return result('decided', votes[0].verdict, 'unanimous');
  if (opts.rule === 'majority' && votes[0].reviewers.length * 2 > submitted)
    return result('decided', votes[0].verdict, 'majority');
  return result('undecided', null, null);
}

/** Consensus for every item that has reviews or an adjudication, in order of first appearance. */
export function decideItems(
  reviews: readonly Review[],
  opts: ConsensusOptions,
  adjudications: readonly Adjudication[] = [],
): Map<string, ItemConsensus> {
  const byItem = new Map<string, Review[]>();
  for (const r of reviews) {
    const list = byItem.get(r.itemId);
    if (list) list.push(r);
    else byItem.set(r.itemId, [r]);
  }
  return decideGroups(byItem, opts, adjudications);
}

/** decideItems for reviews already grouped by item (queue-stats.ts has them grouped). */
export function decideGroups(
  byItem: ReadonlyMap<string, readonly Review[]>,
  opts: ConsensusOptions,
  adjudications: readonly Adjudication[] = [],
): Map<string, ItemConsensus> {
  const adjudicated = new Map(adjudications.map((a) => [a.itemId, a]));
  const out = new Map<string, ItemConsensus>();
  for (const [itemId, list] of byItem) out.set(itemId, decideItem(itemId, list, opts, adjudicated.get(itemId)));
  for (const a of adjudications) if (!out.has(a.itemId)) out.set(a.itemId, decideItem(a.itemId, [], opts, a));
  return out;
}

/**
 * The disagreements list: items whose submitted verdicts differ, those still undecided first (what
 * a curator has to settle), then the ones a majority or an adjudication decided.
 */
export function listDisagreements(consensus: Iterable<ItemConsensus>): ItemConsensus[] {
  const all = [...consensus].filter((c) => c.isDisagreement);
  return [...all.filter((c) => c.status !== 'decided'), ...all.filter((c) => c.status === 'decided')];
}
