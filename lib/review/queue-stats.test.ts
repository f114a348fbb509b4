import { describe, expect, it } from 'vitest';
import { assistantTurns } from './first-bad-step';
import { computeQueueStats } from './queue-stats';
import { asst, review, tool, user } from './test-helpers';
import type { Review, ReviewItem, RolloutVerdict } from './types';

const items: ReviewItem[] = [1, 2, 3, 4].map((n) => ({ id: `i${n}`, kind: 'rollout', rolloutId: `r${n}` }));
const rewards: Record<string, number> = { r1: 1, r2: 0, r3: 1, r4: 0 };

function reviewsOf(
  reviewer: string,
  verdicts: RolloutVerdict[],
  extra: Partial<Record<number, Partial<Review>>> = {},
): Review[] {
  return verdicts.map((v, i) => review({ reviewer, itemId: `i${i + 1}`, verdict: v, ...extra[i] }));
}

const mark = (rolloutId: string, messageIndex: number) => ({
  annotations: [{ rolloutId, firstBadStep: { messageIndex, reasonLabel: null }, ratings: [], corrections: [] }],
});

// Worked by hand: ann and bob agree on i1 and i4 and split on i2 and i3.
const reviews = [
  ...reviewsOf('ann', ['accept', 'reject', 'accept', 'accept'], {
    0: { durationMs: 1000 },
    1: { durationMs: 3000, labels: ['wrong-tool'], ...mark('r2', 3) },
    2: { durationMs: 2000, ...mark('r3', 5) },
  }),
  ...reviewsOf('bob', ['accept', 'accept', 'reject', 'accept'], {
    0: { durationMs: 500 },
    1: { durationMs: 1500, labels: ['wrong-tool'], ...mark('r2', 4) },
    2: { labels: ['unsafe'] },
  }),
  review({ reviewer: 'cat', itemId: 'i1', verdict: 'reject', submittedAt: null }), // a draft: never counted
];

const turns = assistantTurns([user('q'), asst('a'), tool('c', 'x'), asst('b'), tool('d', 'y'), asst('c')]);

describe('computeQueueStats', () => {
  const stats = computeQueueStats({
    items,
    reviews,
    consensus: { rule: 'majority', minReviews: 2 },
    labels: ['wrong-tool', 'unsafe', 'premature-end'],
    turnOf: (_rollout, i) => turns[i],
    rewardOf: (id) => rewards[id],
  });

  it('computes the verdict agreement worked by hand: p_o = 0.5, κ = −1/3, α = −1/6', () => {
    // p_e = (3/4)(3/4) + (1/4)(1/4) = 0.625 → κ = (0.5 − 0.625) / 0.375.
    // n = 8 values (6 accept, 2 reject), Σ o_cc = 4 → α = (7 · 4 − 32) / (56 − 32).
    expect(stats.items).toBe(4);
    expect(stats.reviewed).toBe(4);
    expect(stats.verdict.percentAgreement).toBe(0.5);
    expect(stats.verdict.cohenKappa).toBeCloseTo(-1 / 3, 12);
    expect(stats.verdict.krippendorffAlpha).toBeCloseTo(-1 / 6, 12);
  });

  it('measures each label as present/absent, including labels nobody used', () => {
    expect(stats.labels['wrong-tool']).toMatchObject({ percentAgreement: 1, krippendorffAlpha: 1, cohenKappa: 1 });
    // unsafe: bob alone on i3 → p_o = 3/4; 7 absent, 1 present, Σ o_cc = 6 → α = (7·6 − 42)/(56 − 42) = 0.
    expect(stats.labels.unsafe.percentAgreement).toBe(0.75);
    expect(stats.labels.unsafe.krippendorffAlpha).toBe(0);
    expect(stats.labels['premature-end']).toMatchObject({ percentAgreement: 1, krippendorffAlpha: null });
  });

  it('counts consensus and per-reviewer figures', () => {
    expect(stats.consensus).toEqual({ decided: 2, undecided: 2, pending: 0, disagreements: 2 });
    expect(stats.reviewers).toEqual([
      {
        reviewer: 'ann',
        items: 4,
        medianMs: 2000,
        decidedItems: 2,
        agreementWithConsensus: 1,
        agreementWithPeers: 0.5,
      },
      {
        reviewer: 'bob',
        items: 4,
        medianMs: 1000,
        decidedItems: 2,
        agreementWithConsensus: 1,
        agreementWithPeers: 0.5,
      },
    ]);
  });

  it('lets an adjudication separate the reviewers', () => {
    const adjudicated = computeQueueStats({
      items,
      reviews,
      consensus: { rule: 'majority', minReviews: 2 },
      adjudications: [
        {
          itemId: 'i2',
          verdict: { kind: 'rollout', value: 'reject' },
          by: 'cur',
          at: '2026-02-01T00:00:00Z',
          note: '',
        },
      ],
    });
    const [ann, bob] = adjudicated.reviewers;
    expect([ann.agreementWithConsensus, bob.agreementWithConsensus]).toEqual([1, 2 / 3]);
    expect(adjudicated.reward).toBeUndefined();
  });

  it('compares first bad steps exactly and within one assistant turn', () => {
    // r2: messages 3 and 4 are the same turn (an assistant message and its tool result); r3: bob marked nothing.
    expect(stats.firstBadStep).toEqual({
      pairs: 4,
      bothMarked: 1,
      exact: 0,
      withinOne: 1,
      exactRate: 0,
      withinOneRate: 1,
      oneMarked: 1,
      unit: 'assistant-turn',
    });
  });

  it('lists accepted rollouts with low reward and rejected ones with high reward', () => {
    const reward = stats.reward!;
    expect(reward.total).toEqual({ accepted: 6, acceptedLowReward: 3, rejected: 2, rejectedHighReward: 1 });
    expect(reward.byReviewer).toEqual([
      { reviewer: 'ann', accepted: 3, acceptedLowReward: 1, rejected: 1, rejectedHighReward: 0 },
      { reviewer: 'bob', accepted: 3, acceptedLowReward: 2, rejected: 1, rejectedHighReward: 1 },
    ]);
    expect(reward.byQueue).toEqual([{ queueId: 'q1', ...reward.total }]);
    expect(reward.list.map((m) => `${m.reviewer} ${m.verdict} ${m.rolloutId}`)).toEqual([
      'ann accept r4',
      'bob accept r2',
      'bob reject r3',
      'bob accept r4',
    ]);
  });

  it('gives no Cohen kappa for three reviewers, but alpha still', () => {
    const three = computeQueueStats({
      items,
      reviews: [...reviews, ...reviewsOf('cy', ['accept', 'reject', 'accept', 'reject'])],
      consensus: { rule: 'majority' },
    });
    expect(three.verdict.cohenKappa).toBeNull();
    expect(three.verdict.krippendorffAlpha).not.toBeNull();
    expect(three.consensus.decided).toBe(4);
  });
});

describe('assistantTurns', () => {
  it('puts tool results and user replies in the turn of the assistant message before them', () => {
    expect([...turns]).toEqual([-1, 0, 0, 1, 1, 2]);
  });
});
