/**
 * Reviewers vs reward: where people and the reward function disagree, the reward function's blind
 * spots. An accepted rollout whose reward is at or below `low`, and a rejected one whose reward is at
 * or above `high`, are listed with who decided; tallies per queue and per reviewer say how often.
 * Only rollout items with a known reward count (a pair or group verdict says nothing about one
 * rollout's reward; needs_fix is neither accept nor reject).
 */
import type { Review, ReviewItem } from './types';

export interface RewardThresholds {
  /** An accepted rollout with reward ≤ low is listed. */
  low: number;
  /** A rejected rollout with reward ≥ high is listed. */
  high: number;
}

/** For rewards in [0, 1]; pass the dataset's own for other ranges. */
export const DEFAULT_REWARD_THRESHOLDS: RewardThresholds = { low: 0.2, high: 0.8 };

export interface RewardMismatch {
  itemId: string;
  rolloutId: string;
  queueId: string | null;
  reviewer: string;
  verdict: 'accept' | 'reject';
  reward: number;
}

export interface RewardTally {
  /** Accepted rollouts with a reward. */
  accepted: number;
  acceptedLowReward: number;
  rejected: number;
  rejectedHighReward: number;
}

export interface ReviewersVsReward {
  thresholds: RewardThresholds;
  total: RewardTally;
  byQueue: (RewardTally & { queueId: string | null })[];
  byReviewer: (RewardTally & { reviewer: string })[];
  /** In the order of the reviews given. */
  list: RewardMismatch[];
}

const emptyTally = (): RewardTally => ({ accepted: 0, acceptedLowReward: 0, rejected: 0, rejectedHighReward: 0 });

export function compareReviewsWithReward(args: {
  items: ReadonlyMap<string, ReviewItem>;
  /** Submitted reviews (drafts are skipped anyway). */
  reviews: readonly Review[];
  rewardOf: (rolloutId: string) => number | null;
  thresholds?: RewardThresholds;
}): ReviewersVsReward {
  const thresholds = args.thresholds ?? DEFAULT_REWARD_THRESHOLDS;
  const total = emptyTally();
  const byQueue = new Map<string | null, RewardTally>();
  const byReviewer = new Map<string, RewardTally>();
  const list: RewardMismatch[] = [];
  const tallyOf = <K>(map: Map<K, RewardTally>, key: K) => {
    let t = map.get(key);
    if (!t) map.set(key, (t = emptyTally()));
    return t;
  };

  for (const r of args.reviews) {
    if (r.submittedAt === null || r.verdict?.kind !== 'rollout') continue;
    const verdict = r.verdict.value;
    if (verdict === 'needs_fix') continue;
    const item = args.items.get(r.itemId);
    if (item?.kind !== 'rollout') continue;
    const reward = args.rewardOf(item.rolloutId);
    if (reward === null || !Number.isFinite(reward)) continue;
    const tallies = [total, tallyOf(byQueue, r.queueId), tallyOf(byReviewer, r.reviewer)];
    const isMismatch = verdict === 'accept' ? reward <= thresholds.low : reward >= thresholds.high;
    for (const t of tallies) {
      if (verdict === 'accept') {
        t.accepted++;
        if (isMismatch) t.acceptedLowReward++;
      } else {
        t.rejected++;
        if (isMismatch) t.rejectedHighReward++;
      }
    }
    if (isMismatch)
      list.push({
        itemId: r.itemId,
        rolloutId: item.rolloutId,
        queueId: r.queueId,
        reviewer: r.reviewer,
        verdict,
        reward,
      });
  }
  return {
    thresholds,
    total,
    byQueue: [...byQueue].map(([queueId, t]) => ({ queueId, ...t })),
    byReviewer: [...byReviewer].map(([reviewer, t]) => ({ reviewer, ...t })),
    list,
  };
}
