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

function isSubmitted(r: Review): r is Review & { verdict: Verdict } {
  return r.submittedAt !== null && r.verdict !== null;
}

/** Submitted votes grouped by verdict, most votes first. */
export function tallyVotes(reviews: readonly Review[]): Vote[] {
  const byKey = new Map<string, Vote>();
  const submitted = reviews.filter(isSubmitted).sort((a, b) => Date.parse(a.submittedAt!) - Date.parse(b.submittedAt!));
  for (const r of submitted) {
    const key = verdictKey(r.verdict);
    const vote = byKey.get(key);
    if (vote) vote.reviewers.push(r.reviewer);
    else byKey.set(key, { key, verdict: r.verdict, reviewers: [r.reviewer] });
  }
  // Array.prototype.sort is stable: equal counts keep first-submission order.
  return [...byKey.values()].sort((a, b) => b.reviewers.length - a.reviewers.length);
}

/** The consensus of one item from its reviews (any order; drafts and other reviewers' drafts ignored). */
export function decideItem(
  itemId: string,
  reviews: readonly Review[],
  opts: ConsensusOptions,
  adjudication?: Adjudication | null,
): ItemConsensus {
  const votes = tallyVotes(reviews);
  const submitted = votes.reduce((n, v) => n + v.reviewers.length, 0);
  const base = { itemId, votes, submitted, isDisagreement: votes.length > 1 };
  const decided = (verdict: Verdict, source: ItemConsensus['source']): ItemConsensus => ({
    ...base,
    status: 'decided',
    verdict,
    source,
  });
  const open = (status: ConsensusStatus): ItemConsensus => ({ ...base, status, verdict: null, source: null });

  if (adjudication && opts.rule !== 'unanimous') return decided(adjudication.verdict, 'adjudication');
  if (submitted === 0 || submitted < (opts.minReviews ?? 1)) return open('pending');
  if (votes.length === 1) return decided(votes[0].verdict, 'unanimous');
  if (opts.rule === 'majority' && votes[0].reviewers.length * 2 > submitted)
    return decided(votes[0].verdict, 'majority');
  return open('undecided');
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
  const adjudicated = new Map(adjudications.map((a) => [a.itemId, a]));
  for (const a of adjudications) if (!byItem.has(a.itemId)) byItem.set(a.itemId, []);
  const out = new Map<string, ItemConsensus>();
  for (const [itemId, list] of byItem) out.set(itemId, decideItem(itemId, list, opts, adjudicated.get(itemId)));
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
