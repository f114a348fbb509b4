/**
 * Handing out queue items. The overlap k is enforced here, on the server: a reviewer gets the first
 * item (in queue order) that they may work, that they have not submitted or skipped, and whose
 * submitted reviews plus other reviewers' live leases are fewer than k. Opening it leases it to them
 * for LEASE_MS, renewed while they work; an expired lease simply stops counting, so the item returns.
 * The search and the lease are one short write transaction, so two reviewers asking at once of a
 * k=1 queue never get the same item.
 */
import { roleAtLeast } from '../../auth/roles';
import { AppError, isAppError } from '../../errors';
import { getDb } from '../client';
import { nowIso, personKey } from './people';
import {
  appendEvent,
  assertMayWork,
  EMPTY_SNAPSHOT,
  loadTarget,
  readReviewRow,
  REVIEW_COLUMNS,
  snapshotOf,
  toRecords,
  type RawReview,
  type ReviewActor,
  type ReviewRecord,
} from './records';
import { writeTransaction } from './write';

export const LEASE_MS = 10 * 60 * 1000;

export interface LeasedItem {
  itemId: number;
  queueId: number;
  position: number;
  rolloutIds: number[];
  /** ISO time the lease ends unless renewed. */
  leaseExpiresAt: string;
  /** The reviewer's own review of the item so far (a draft), or null. */
  review: ReviewRecord | null;
}

interface CandidateRow {
  id: number;
  position: number;
  rolloutIds: string;
}

/**
 * The item a reviewer works next, leased to them; null when the queue has nothing left for them.
 * A reviewer who already holds a live lease in the queue gets that item back (a reload resumes it).
 * `includeSkipped` offers the items they skipped again once nothing else is left.
 */
export async function takeNextItem({
  queueId,
  actor,
  includeSkipped = false,
  now,
}: {
  queueId: number;
  actor: ReviewActor;
  includeSkipped?: boolean;
  now?: Date;
}): Promise<LeasedItem | null> {
  const { raw } = getDb();
  const key = personKey(actor.id);
  const at = nowIso(now);
  const expires = new Date((now ?? new Date()).getTime() + LEASE_MS).toISOString();
  const isCurator = roleAtLeast(actor.role, 'curator');
  if (!roleAtLeast(actor.role, 'reviewer')) throw new AppError('forbidden', 'Viewers do not review.');
  const taken = await writeTransaction(raw, () => {
    const queue = raw.prepare(`SELECT overlap FROM "ReviewQueue" WHERE id = ?`).get(queueId) as
      { overlap: number } | undefined;
    if (!queue) throw new AppError('queue_not_found', `Review queue ${queueId} does not exist (any more).`);
    const held = raw
      .prepare(
        `SELECT i.id, i.position, i.rolloutIds FROM "ReviewLease" l JOIN "ReviewItem" i ON i.id = l.itemId
         WHERE l.reviewerKey = ? AND i.queueId = ? AND l.expiresAt > ?
           AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r.itemId = i.id AND r.reviewerKey = ? AND r.status <> 'draft')
         ORDER BY i.position LIMIT 1`,
      )
      .get(key, queueId, at, key) as CandidateRow | undefined;
    const queueAssigned = raw.prepare(`SELECT 1 FROM "ReviewAssignee" WHERE queueId = ? LIMIT 1`).get(queueId);
    const mine = raw.prepare(`SELECT 1 FROM "ReviewAssignee" WHERE queueId = ? AND userId = ?`).get(queueId, key);
    // Who may work an item: its own assignee; items without one, the queue's assignees (anyone when none).
    const mayWorkUnassigned = isCurator || !queueAssigned || !!mine;
    const pick = (statuses: string) =>
      raw
        .prepare(
          `SELECT i.id, i.position, i.rolloutIds FROM "ReviewItem" i
           WHERE i.queueId = @queueId AND i.open = 1
             AND (i.assigneeId = @key OR (i.assigneeId IS NULL AND @unassigned))
             AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r.itemId = i.id AND r.reviewerKey = @key AND r.status IN (${statuses}))
             AND i.submitted + (SELECT count(*) FROM "ReviewLease" l
                                WHERE l.itemId = i.id AND l.expiresAt > @at AND l.reviewerKey <> @key) < @overlap
           ORDER BY i.position LIMIT 1`,
        )
        .get({ queueId, key, unassigned: mayWorkUnassigned ? 1 : 0, at, overlap: queue.overlap }) as
        CandidateRow | undefined;
    const next = held ?? pick(`'submitted', 'skipped'`) ?? (includeSkipped ? pick(`'submitted'`) : undefined);
    if (!next) return null;
    raw
      .prepare(
        `INSERT INTO "ReviewLease" (itemId, reviewerKey, expiresAt) VALUES (?, ?, ?)
         ON CONFLICT (itemId, reviewerKey) DO UPDATE SET expiresAt = excluded.expiresAt`,
      )
      .run(next.id, key, expires);
    // Expired leases of this queue are dead weight: drop them while the lock is held anyway.
    raw
      .prepare(
        `DELETE FROM "ReviewLease" WHERE expiresAt <= ? AND itemId IN (SELECT id FROM "ReviewItem" WHERE queueId = ?)`,
      )
      .run(at, queueId);
    return next;
  });
  if (!taken) return null;
  const row = readReviewRow(`item:${taken.id}`, key);
  return {
    itemId: taken.id,
    queueId,
    position: taken.position,
    rolloutIds: JSON.parse(taken.rolloutIds) as number[],
    leaseExpiresAt: expires,
    review: row ? toRecords([row])[0] : null,
  };
}

/**
 * Opens a given item (a link, going back to an earlier item): leases it when it still has room for
 * this reviewer, and says so; a reviewer may always reopen an item they already reviewed.
 */
export async function openItem({
  itemId,
  actor,
  now,
}: {
  itemId: number;
  actor: ReviewActor;
  now?: Date;
}): Promise<{ leaseExpiresAt: string | null; review: ReviewRecord | null }> {
  const ctx = await loadTarget({ itemId });
  assertMayWork(ctx, actor);
  const key = personKey(actor.id);
  let leaseExpiresAt: string | null = null;
  try {
    leaseExpiresAt = (await renewLease({ itemId, actor, now })).leaseExpiresAt;
  } catch (e) {
    if (!isAppError(e, 'lease_taken')) throw e;
  }
  const row = readReviewRow(ctx.scope, key);
  return { leaseExpiresAt, review: row ? toRecords([row])[0] : null };
}

/**
 * Extends (or takes) the reviewer's lease on an item. Refused with lease_taken when the item has no
 * room left for them: its overlap is full of submitted reviews and other people's live leases.
 */
export async function renewLease({
  itemId,
  actor,
  now,
}: {
  itemId: number;
  actor: ReviewActor;
  now?: Date;
}): Promise<{ leaseExpiresAt: string }> {
  const { raw } = getDb();
  const key = personKey(actor.id);
  const at = nowIso(now);
  const expires = new Date((now ?? new Date()).getTime() + LEASE_MS).toISOString();
  await writeTransaction(raw, () => {
    const item = raw
      .prepare(
        `SELECT i.id, i.submitted, q.overlap FROM "ReviewItem" i JOIN "ReviewQueue" q ON q.id = i.queueId WHERE i.id = ?`,
      )
      .get(itemId) as { id: number; submitted: number; overlap: number } | undefined;
    if (!item) throw new AppError('item_not_found', `Review item ${itemId} does not exist (any more).`);
    const own = raw.prepare(`SELECT status FROM "Review" WHERE itemId = ? AND reviewerKey = ?`).get(itemId, key) as
      { status: string } | undefined;
    if (own?.status !== 'submitted') {
      const others = (
        raw
          .prepare(`SELECT count(*) AS n FROM "ReviewLease" WHERE itemId = ? AND expiresAt > ? AND reviewerKey <> ?`)
          .get(itemId, at, key) as { n: number }
      ).n;
      if (item.submitted + others >= item.overlap)
        throw new AppError(
          'lease_taken',
          `Review item ${itemId} already has the ${item.overlap} reviewer${item.overlap > 1 ? 's' : ''} it needs.`,
        );
    }
    raw
      .prepare(
        `INSERT INTO "ReviewLease" (itemId, reviewerKey, expiresAt) VALUES (?, ?, ?)
         ON CONFLICT (itemId, reviewerKey) DO UPDATE SET expiresAt = excluded.expiresAt`,
      )
      .run(itemId, key, expires);
  });
  return { leaseExpiresAt: expires };
}

/** Gives the item back without a review (closing the page, leaving the queue). */
export async function releaseLease({ itemId, actor }: { itemId: number; actor: ReviewActor }): Promise<void> {
  const { raw } = getDb();
  await writeTransaction(raw, () =>
    raw.prepare(`DELETE FROM "ReviewLease" WHERE itemId = ? AND reviewerKey = ?`).run(itemId, personKey(actor.id)),
  );
}

/**
 * Skips an item: the reviewer's review of it (a draft so far, kept) is marked skipped, the lease is
 * released and the item returns to the others. Submitted reviews cannot be skipped.
 */
export async function skipItem({
  itemId,
  actor,
  now,
}: {
  itemId: number;
  actor: ReviewActor;
  now?: Date;
}): Promise<ReviewRecord> {
  const ctx = await loadTarget({ itemId });
  assertMayWork(ctx, actor);
  const { raw } = getDb();
  const key = personKey(actor.id);
  const at = nowIso(now);
  const id = await writeTransaction(raw, () => {
    const row = readReviewRow(ctx.scope, key);
    if (row?.status === 'submitted')
      throw new AppError('validation', 'This item is already submitted: change the review instead of skipping it.');
    const before = row ? snapshotOf(row) : null;
    let reviewId: number;
    if (row) {
      raw
        .prepare(
          `UPDATE "Review" SET status = 'skipped', version = version + 1, updatedAt = ?, updatedByKey = ?, updatedById = ? WHERE id = ?`,
        )
        .run(at, key, actor.id, row.id);
      reviewId = row.id;
    } else {
      reviewId = Number(
        raw
          .prepare(
            `INSERT INTO "Review" (scope, queueId, itemId, datasetId, rolloutId, reviewerKey, reviewerId, status, version,
               createdAt, updatedAt, createdById, updatedByKey, updatedById)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'skipped', 1, ?, ?, ?, ?, ?)`,
          )
          .run(
            ctx.scope,
            ctx.queueId,
            itemId,
            ctx.datasetId,
            ctx.rolloutIds[0],
            key,
            actor.id,
            at,
            at,
            actor.id,
            key,
            actor.id,
          ).lastInsertRowid,
      );
    }
    raw.prepare(`DELETE FROM "ReviewLease" WHERE itemId = ? AND reviewerKey = ?`).run(itemId, key);
    appendEvent({
      reviewId,
      queueId: ctx.queueId,
      itemId,
      actorKey: key,
      kind: 'skip',
      before,
      after: { ...(before ?? EMPTY_SNAPSHOT), status: 'skipped' },
      at,
    });
    return reviewId;
  });
  const row = raw.prepare(`SELECT ${REVIEW_COLUMNS} FROM "Review" WHERE id = ?`).get(id) as RawReview;
  return toRecords([row])[0];
}
