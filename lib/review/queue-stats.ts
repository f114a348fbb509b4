/**
 * A queue's review statistics, the object `sift review stats --json` prints and the agreement page
 * shows: agreement on verdicts and on each label, consensus counts, per-reviewer figures, turn-level
 * agreement and, when rewards are given, reviewers vs reward.
 *
 * Only submitted reviews count. Labels are compared as present/absent per submitted review, so a
 * reviewer who did not review an item is missing data, while one who reviewed it without the label
 * said "absent".
 */
import { measureAgreement, type Agreement } from './agreement';
import { decideGroups, type ConsensusOptions, type ItemConsensus } from './consensus';
import { measureFirstBadStepAgreement, type FirstBadStepAgreement, type TurnOf } from './first-bad-step';
import { layOutRatings, rateLayout, rateLayoutCodes, type RatingLayout } from './ratings';
import { compareReviewsWithReward, type RewardThresholds, type ReviewersVsReward } from './reward-check';
import type { Adjudication, Review, ReviewItem, Verdict } from './types';
import { verdictKey } from './verdicts';

export interface ReviewerStats {
  reviewer: string;
  /** Items this reviewer submitted. */
  items: number;
  medianMs: number | null;
  /** Of their items that have a final verdict, how many. */
  decidedItems: number;
  /** Share of those where their verdict is the final one (null when none is decided). */
  agreementWithConsensus: number | null;
  /** Share of (this reviewer, another reviewer, same item) pairs with the same verdict. */
  agreementWithPeers: number | null;
}

export interface QueueStats {
  items: number;
  /** Items with at least one submitted review. */
  reviewed: number;
  consensus: { decided: number; undecided: number; pending: number; disagreements: number };
  verdict: Agreement;
  /** Per label id. */
  labels: Record<string, Agreement>;
  reviewers: ReviewerStats[];
  firstBadStep: FirstBadStepAgreement;
  /** Present when `rewardOf` was given. */
  reward?: ReviewersVsReward;
}

export interface QueueStatsInput {
  items: readonly ReviewItem[];
  reviews: readonly Review[];
  consensus: ConsensusOptions;
  adjudications?: readonly Adjudication[];
  /** The queue's label ids, reported even when nobody used them; labels seen in reviews are added. */
  labels?: readonly string[];
  turnOf?: TurnOf;
  rewardOf?: (rolloutId: string) => number | null;
  rewardThresholds?: RewardThresholds;
}

type Submitted = Review & { verdict: Verdict; submittedAt: string };

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function describeReviewers(
  layout: RatingLayout,
  submitted: readonly Submitted[],
  keys: readonly string[],
  final: ReadonlyMap<string, ItemConsensus>,
): ReviewerStats[] {
  const n = layout.coders.length;
  const items = new Int32Array(n);
  const decided = new Int32Array(n);
  const withFinal = new Int32Array(n);
  const peerPairs = new Int32Array(n);
  const peerAgree = new Int32Array(n);
  const durations: number[][] = layout.coders.map(() => []);
  for (let u = 0; u < layout.units.length; u++) {
    const verdict = final.get(layout.units[u])?.verdict;
    const finalKey = verdict ? verdictKey(verdict) : null;
    const start = layout.unitStart[u];
    const end = layout.unitStart[u + 1];
    for (let p = start; p < end; p++) {
      const c = layout.coder[p];
      const r = submitted[layout.source[p]];
      items[c]++;
      if (r.durationMs !== null) durations[c].push(r.durationMs);
      if (finalKey !== null) {
        decided[c]++;
        if (keys[layout.source[p]] === finalKey) withFinal[c]++;
      }
      for (let q = start; q < end; q++) {
        if (q === p) continue;
        peerPairs[c]++;
        if (keys[layout.source[p]] === keys[layout.source[q]]) peerAgree[c]++;
      }
    }
  }
  return layout.coders.map((reviewer, c) => ({
    reviewer,
    items: items[c],
    medianMs: median(durations[c]),
    decidedItems: decided[c],
    agreementWithConsensus: decided[c] ? withFinal[c] / decided[c] : null,
    agreementWithPeers: peerPairs[c] ? peerAgree[c] / peerPairs[c] : null,
  }));
}

/** Per label id, a code per review: 1 present, 0 absent (one pass over the reviews for all labels). */
function labelCodes(submitted: readonly Submitted[], labelIds: readonly string[]): Int32Array[] {
  const codes = labelIds.map(() => new Int32Array(submitted.length));
  const index = new Map(labelIds.map((id, k) => [id, k]));
  submitted.forEach((r, i) => {
    for (const id of r.labels) codes[index.get(id)!][i] = 1;
  });
  return codes;
}

export function computeQueueStats(input: QueueStatsInput): QueueStats {
  const submitted = input.reviews.filter((r): r is Submitted => r.submittedAt !== null && r.verdict !== null);
  const layout = layOutRatings(
    submitted,
    (r) => r.itemId,
    (r) => r.reviewer,
  );
  const keys = submitted.map((r) => verdictKey(r.verdict));

  const byItem = new Map<string, Submitted[]>();
  for (let u = 0; u < layout.units.length; u++) {
    const list: Submitted[] = [];
    for (let p = layout.unitStart[u]; p < layout.unitStart[u + 1]; p++) list.push(submitted[layout.source[p]]);
    byItem.set(layout.units[u], list);
  }
  const final = decideGroups(byItem, input.consensus, input.adjudications);
  const counts = { decided: 0, undecided: 0, pending: 0, disagreements: 0 };
  for (const c of final.values()) {
    counts[c.status]++;
    if (c.isDisagreement) counts.disagreements++;
  }

  const labelIds = [...new Set([...(input.labels ?? []), ...submitted.flatMap((r) => r.labels)])];
  const codes = labelCodes(submitted, labelIds);
  const labels: Record<string, Agreement> = {};
  labelIds.forEach((id, k) => (labels[id] = measureAgreement(rateLayoutCodes(layout, codes[k], ['0', '1']))));

  const items = new Map(input.items.map((i) => [i.id, i]));
  return {
    items: input.items.length,
    reviewed: layout.units.length,
    consensus: counts,
    verdict: measureAgreement(rateLayout(layout, (i) => keys[i])),
    labels,
    reviewers: describeReviewers(layout, submitted, keys, final),
    firstBadStep: measureFirstBadStepAgreement(byItem, items, input.turnOf),
    ...(input.rewardOf
      ? {
          reward: compareReviewsWithReward({
            items,
            reviews: submitted,
            rewardOf: input.rewardOf,
            thresholds: input.rewardThresholds,
          }),
        }
      : {}),
  };
}
