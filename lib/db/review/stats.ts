/**
 * A queue's numbers: agreement statistics (lib/review computeQueueStats, the object `sift review
 * stats --json` prints), the disagreements list and progress with an ETA. Reviewers are keyed by
 * person key inside lib/review and named on the way out.
 *
 * Raw SQL: whole-queue reads (up to 100,000 items × k reviews) as arrays (4).
 */
import {
  assistantTurns,
  computeQueueStats,
  decideItems,
  listDisagreements,
  type ItemConsensus,
  type QueueStats,
  type Review,
  type ReviewItem,
  type Verdict,
} from '../../review';
import type { Message } from '../../formats/types';
import { getDb } from '../client';
import { parseStoredJson } from '../rollout-row';
import { listAdjudications, toAdjudication, type AdjudicationRow } from './adjudications';
import { loadPersonNames } from './people';
import { listQueueItems, requireQueue, toReviewItem, type QueueRow } from './queues';

/** A queue's reviews as lib/review's Review (reviewer = person key); drafts and skips included. */
export function loadQueueReviews({
  queueId,
  withAnnotations = true,
}: {
  queueId: number;
  withAnnotations?: boolean;
}): Review[] {
  const rows = getDb()
    .raw.prepare(
      `SELECT itemId, reviewerKey, verdictKey, verdict, note, labels, ${withAnnotations ? 'annotations' : `'[]'`},
         durationMs, status, submittedAt FROM "Review" WHERE queueId = ?`,
    )
    .raw(true)
    .all(queueId) as [
    number,
    string,
    string | null,
    string | null,
    string,
    string,
    string,
    number | null,
    string,
    string | null,
  ][];
  // 30,000 reviews of a queue share a handful of verdicts and label sets: parse each distinct text once.
  const verdicts = new Map<string, Verdict>();
  const labelSets = new Map<string, string[]>();
  const queue = String(queueId);
  return rows.map(
    ([itemId, reviewer, key, verdictText, note, labelsText, annotations, durationMs, status, submittedAt]) => {
      let verdict: Verdict | null = null;
      if (verdictText !== null) {
        const k = key ?? verdictText;
        verdict = verdicts.get(k) ?? null;
        if (!verdict) verdicts.set(k, (verdict = JSON.parse(verdictText) as Verdict));
      }
      let labels = labelSets.get(labelsText);
      if (!labels) labelSets.set(labelsText, (labels = JSON.parse(labelsText) as string[]));
      return {
        itemId: String(itemId),
        queueId: queue,
        reviewer,
        verdict,
        note,
        labels,
        annotations: annotations === '[]' ? [] : JSON.parse(annotations),
        submittedAt: status === 'submitted' ? submittedAt : null,
        durationMs,
      };
    },
  );
}

function itemsOf(queue: QueueRow): ReviewItem[] {
  return listQueueItems({ queueId: queue.id }).map((i) => toReviewItem(queue.kind, i.id, i.rolloutIds));
}

function rewardsOf(rolloutIds: number[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (let i = 0; i < rolloutIds.length; i += 5000) {
    const chunk = rolloutIds.slice(i, i + 5000);
    const rows = getDb()
      .raw.prepare(`SELECT id, reward FROM "Rollout" WHERE id IN (${chunk.map(() => '?').join(',')})`)
      .raw(true)
      .all(...chunk) as [number, number | null][];
    for (const [id, reward] of rows) out.set(String(id), reward);
  }
  return out;
}

/** Assistant-turn numbers of the rollouts someone marked a first bad step in (the only ones asked). */
function turnsOf(reviews: readonly Review[]): Map<string, Int32Array> {
  const ids = new Set<number>();
  for (const r of reviews)
    if (r.submittedAt !== null) for (const a of r.annotations) if (a.firstBadStep) ids.add(Number(a.rolloutId));
  const out = new Map<string, Int32Array>();
  const list = [...ids];
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const rows = getDb()
      .raw.prepare(
        `SELECT rolloutId, messages FROM "RolloutBody" WHERE rolloutId IN (${chunk.map(() => '?').join(',')})`,
      )
      .all(...chunk) as { rolloutId: number; messages: string }[];
    for (const r of rows) out.set(String(r.rolloutId), assistantTurns(parseStoredJson<Message[]>(r.messages, [])));
  }
  return out;
}

/** Reviewer keys replaced by names in what computeQueueStats returns. */
function nameReviewers(stats: QueueStats, names: Map<string, string>): QueueStats {
  const name = (k: string) => names.get(k) ?? k;
  return {
    ...stats,
    reviewers: stats.reviewers.map((r) => ({ ...r, reviewer: name(r.reviewer) })),
    ...(stats.reward
      ? {
          reward: {
            ...stats.reward,
            byReviewer: stats.reward.byReviewer.map((r) => ({ ...r, reviewer: name(r.reviewer) })),
            list: stats.reward.list.map((m) => ({ ...m, reviewer: name(m.reviewer) })),
          },
        }
      : {}),
  };
}

export interface QueueStatsResult {
  queue: QueueRow;
  stats: QueueStats;
}

/** The queue's agreement statistics, reviewers named. */
export async function getQueueStats({ queueId }: { queueId: number }): Promise<QueueStatsResult> {
  const queue = await requireQueue({ id: queueId });
  const items = itemsOf(queue);
  const reviews = loadQueueReviews({ queueId });
  const adjudications = listAdjudications({ queueId }).map(toAdjudication);
  const rolloutIds = [...new Set(items.flatMap((i) => (i.kind === 'rollout' ? [Number(i.rolloutId)] : [])))];
  const rewards = rewardsOf(rolloutIds);
  const turns = turnsOf(reviews);
  const stats = computeQueueStats({
    items,
    reviews,
    consensus: { rule: queue.consensusRule, minReviews: queue.overlap },
    adjudications,
    labels: queue.labelIds.length ? queue.labelIds : undefined,
    turnOf: (rolloutId, messageIndex) => turns.get(rolloutId)?.[messageIndex] ?? messageIndex,
    rewardOf: (rolloutId) => rewards.get(rolloutId) ?? null,
  });
  const names = loadPersonNames(reviews.map((r) => r.reviewer));
  return { queue, stats: nameReviewers(stats, names) };
}

export interface DisagreementRow {
  itemId: number;
  position: number;
  rolloutIds: number[];
  consensus: ItemConsensus;
  /** The votes with reviewer names. */
  votes: { verdict: Verdict; reviewers: string[] }[];
  adjudication: AdjudicationRow | null;
}

/** Items whose submitted verdicts differ, undecided first (what a curator settles). */
export async function listQueueDisagreements({ queueId }: { queueId: number }): Promise<DisagreementRow[]> {
  const queue = await requireQueue({ id: queueId });
  const reviews = loadQueueReviews({ queueId, withAnnotations: false });
  const adjudicationRows = listAdjudications({ queueId });
  const consensus = decideItems(
    reviews,
    { rule: queue.consensusRule, minReviews: queue.overlap },
    adjudicationRows.map(toAdjudication),
  );
  const list = listDisagreements(consensus.values());
  const items = new Map(listQueueItems({ queueId }).map((i) => [i.id, i]));
  const adjudications = new Map(adjudicationRows.map((a) => [a.itemId, a]));
  const names = loadPersonNames(reviews.map((r) => r.reviewer));
  return list.map((c) => {
    const item = items.get(Number(c.itemId))!;
    return {
      itemId: item.id,
      position: item.position,
      rolloutIds: item.rolloutIds,
      consensus: c,
      votes: c.votes.map((v) => ({ verdict: v.verdict, reviewers: v.reviewers.map((k) => names.get(k) ?? k) })),
      adjudication: adjudications.get(item.id) ?? null,
    };
  });
}

export interface ReviewerProgress {
  reviewerKey: string;
  reviewer: string;
  submitted: number;
  skipped: number;
  drafts: number;
  medianMs: number | null;
  /** This reviewer's share of what is left, at their median pace; null when unknown. */
  etaMs: number | null;
}

export interface QueueProgress {
  items: number;
  overlap: number;
  /** items × overlap. */
  reviewsNeeded: number;
  reviewsSubmitted: number;
  /** Items with all the reviews they need. */
  itemsDone: number;
  /** Items someone holds a live lease on. */
  inProgress: number;
  medianMs: number | null;
  /** What is left at the median pace, shared by the reviewers who have submitted; null when unknown. */
  etaMs: number | null;
  reviewers: ReviewerProgress[];
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function getQueueProgress({ queueId, now }: { queueId: number; now?: Date }): Promise<QueueProgress> {
  const queue = await requireQueue({ id: queueId });
  const { raw } = getDb();
  const counts = raw
    .prepare(
      `SELECT count(*) AS items, coalesce(sum(min(submitted, ?)), 0) AS submitted, coalesce(sum(open = 0), 0) AS done
       FROM "ReviewItem" WHERE queueId = ?`,
    )
    .get(queue.overlap, queueId) as { items: number; submitted: number; done: number };
  const inProgress = (
    raw
      .prepare(
        `SELECT count(DISTINCT l.itemId) AS n FROM "ReviewLease" l JOIN "ReviewItem" i ON i.id = l.itemId
         WHERE i.queueId = ? AND l.expiresAt > ?`,
      )
      .get(queueId, (now ?? new Date()).toISOString()) as { n: number }
  ).n;
  const rows = raw.prepare(`SELECT reviewerKey, status, durationMs FROM "Review" WHERE queueId = ?`).all(queueId) as {
    reviewerKey: string;
    status: string;
    durationMs: number | null;
  }[];
  const by = new Map<string, { submitted: number; skipped: number; drafts: number; times: number[] }>();
  const all: number[] = [];
  for (const r of rows) {
    let p = by.get(r.reviewerKey);
    if (!p) by.set(r.reviewerKey, (p = { submitted: 0, skipped: 0, drafts: 0, times: [] }));
    if (r.status === 'submitted') {
      p.submitted++;
      if (r.durationMs !== null) {
        p.times.push(r.durationMs);
        all.push(r.durationMs);
      }
    } else if (r.status === 'skipped') p.skipped++;
    else p.drafts++;
  }
  const needed = counts.items * queue.overlap;
  const left = needed - counts.submitted;
  const active = [...by.values()].filter((p) => p.submitted > 0).length;
  const medianMs = median(all);
  const names = loadPersonNames(by.keys());
  const reviewers = [...by.entries()]
    .map(([key, p]) => {
      const m = median(p.times);
      return {
        reviewerKey: key,
        reviewer: names.get(key)!,
        submitted: p.submitted,
        skipped: p.skipped,
        drafts: p.drafts,
        medianMs: m,
        etaMs: m === null || active === 0 ? null : Math.ceil(left / active) * m,
      };
    })
    .sort((a, b) => b.submitted - a.submitted || a.reviewer.localeCompare(b.reviewer));
  return {
    items: counts.items,
    overlap: queue.overlap,
    reviewsNeeded: needed,
    reviewsSubmitted: counts.submitted,
    itemsDone: counts.done,
    inProgress,
    medianMs,
    etaMs: medianMs === null || active === 0 ? null : (left * medianMs) / active,
    reviewers,
  };
}
