/**
 * Saving, submitting and undoing reviews. Every write checks the version the writer read
 * (optimistic concurrency): a stale version is refused with `version_conflict`, naming who changed
 * the review and when, and nothing is overwritten. Every write appends an immutable ReviewEvent
 * (who, when, the fields before and after); undo appends one too.
 *
 * The review is checked against its item, label set and rollouts (lib/review assertValidReview)
 * before the transaction; the transaction only reads and writes a few rows, so a submit stays a
 * few milliseconds at any dataset size.
 */
import { roleAtLeast } from '../../auth/roles';
import { AppError, type ErrorDetails } from '../../errors';
import type { Message, ToolSpec } from '../../formats/types';
import { assertValidReview, verdictKey, type ReviewInput } from '../../review';
import { getDb } from '../client';
import { parseStoredJson } from '../rollout-row';
import { loadPersonNames, nowIso, personKey, personName } from './people';
import {
  appendEvent,
  assertMayWork,
  EMPTY_SNAPSHOT,
  loadTarget,
  parseTarget,
  readReviewRow,
  recountItem,
  REVIEW_COLUMNS,
  snapshotOf,
  toRecords,
  type RawReview,
  type ReviewActor,
  type ReviewRecord,
  type ReviewSnapshot,
  type ReviewTarget,
  type TargetContext,
} from './records';
import { writeTransaction } from './write';

/** The review changed since the writer read it: who changed it, when, and its version now. */
export class VersionConflictError extends AppError<
  'version_conflict',
  ErrorDetails & { by: string; at: string; version: number }
> {
  constructor(by: string, at: string, version: number) {
    super(
      'version_conflict',
      `${by} changed this review at ${at.replace('T', ' ').slice(0, 19)} UTC (now version ${version}). Reload to see the change; nothing was overwritten.`,
      { by, at, version },
    );
    this.name = 'VersionConflictError';
  }
}

/** Bodies of the item's rollouts, for the turn-level checks (a few rows by primary key). */
function loadBodies(ids: number[]): Map<string, { messages: Message[]; tools: ToolSpec[] }> {
  const rows = getDb()
    .raw.prepare(
      `SELECT rolloutId, messages, tools FROM "RolloutBody" WHERE rolloutId IN (${ids.map(() => '?').join(',')})`,
    )
    .all(...ids) as { rolloutId: number; messages: string; tools: string }[];
  return new Map(
    rows.map((r) => [
      String(r.rolloutId),
      { messages: parseStoredJson<Message[]>(r.messages, []), tools: parseStoredJson<ToolSpec[]>(r.tools, []) },
    ]),
  );
}

function checkVersion(row: RawReview | undefined, expected: number): void {
  const current = row?.version ?? 0;
  if (current === expected) return;
  if (!row) throw new AppError('version_conflict', 'This review was removed meanwhile. Reload.');
  throw new VersionConflictError(personName(row.updatedByKey), row.updatedAt, row.version);
}

/** The one who may write a review of `reviewerKey`: the reviewer, or a curator fixing it. */
function assertMayWrite(reviewerKey: string, actor: ReviewActor): void {
  if (reviewerKey !== personKey(actor.id) && !roleAtLeast(actor.role, 'curator'))
    throw new AppError('forbidden', 'Only its reviewer or a curator may change a review.');
}

function writeSnapshot(
  ctx: TargetContext,
  row: RawReview | undefined,
  reviewerKey: string,
  next: ReviewSnapshot,
  actor: ReviewActor,
  at: string,
): number {
  const { raw } = getDb();
  const actorKey = personKey(actor.id);
  const values = [
    next.verdict === null ? null : JSON.stringify(next.verdict),
    next.verdict === null ? null : verdictKey(next.verdict),
    next.note,
    JSON.stringify(next.labels),
    JSON.stringify(next.annotations),
    next.durationMs,
    next.status,
    next.submittedAt,
  ];
  if (row) {
    raw
      .prepare(
        `UPDATE "Review" SET verdict = ?, verdictKey = ?, note = ?, labels = ?, annotations = ?, durationMs = ?, status = ?,
           submittedAt = ?, version = version + 1, updatedAt = ?, updatedByKey = ?, updatedById = ? WHERE id = ?`,
      )
      .run(...values, at, actorKey, actor.id, row.id);
    return row.id;
  }
  return Number(
    raw
      .prepare(
        `INSERT INTO "Review" (scope, queueId, itemId, datasetId, rolloutId, reviewerKey, reviewerId, verdict, verdictKey,
           note, labels, annotations, durationMs, status, submittedAt, version, createdAt, updatedAt, createdById,
           updatedByKey, updatedById)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
      )
      .run(
        ctx.scope,
        ctx.queueId,
        ctx.itemId,
        ctx.datasetId,
        ctx.rolloutIds[0],
        reviewerKey,
        reviewerKey === personKey(null) ? null : reviewerKey,
        ...values,
        at,
        at,
        actor.id,
        actorKey,
        actor.id,
      ).lastInsertRowid,
  );
}

/**
 * In a queue, a first submission needs room: the reviewer's own lease (live or not, as long as the
 * overlap is not full of others meanwhile), or a free place. Keeps a k=1 item from getting two
 * submitted reviews when a lease expired and someone else took it.
 */
function assertRoomToSubmit(ctx: TargetContext, reviewerKey: string, at: string): void {
  if (ctx.itemId === null) return;
  const { raw } = getDb();
  const { submitted } = raw.prepare(`SELECT submitted FROM "ReviewItem" WHERE id = ?`).get(ctx.itemId) as {
    submitted: number;
  };
  const others = (
    raw
      .prepare(`SELECT count(*) AS n FROM "ReviewLease" WHERE itemId = ? AND expiresAt > ? AND reviewerKey <> ?`)
      .get(ctx.itemId, at, reviewerKey) as { n: number }
  ).n;
  if (submitted + others >= ctx.overlap)
    throw new AppError(
      'lease_taken',
      `Your lease on this item ended and it went to ${others > 0 ? 'another reviewer' : 'others'}: it has the reviews it needs. Nothing was saved.`,
    );
}

export interface SaveReviewArgs {
  /** lib/review's ReviewInput: `itemId` is a queue item id, or "rollout:<id>" outside a queue. */
  input: ReviewInput;
  /** The version the writer read (0 for a review not yet saved). */
  expectedVersion: number;
  /** Submit (needs a verdict) rather than keep as a draft. */
  submit: boolean;
  actor: ReviewActor;
  /** Whose review (default: the actor's own); a curator may fix someone else's. */
  reviewerKey?: string;
  now?: Date;
}

/** Saves a draft or submits; returns the review as stored (with its new version). */
export async function saveReview(args: SaveReviewArgs): Promise<ReviewRecord> {
  const { input, actor } = args;
  const target = parseTarget(input.itemId);
  const ctx = await loadTarget(target);
  const reviewerKey = args.reviewerKey ?? personKey(actor.id);
  assertMayWrite(reviewerKey, actor);
  if (reviewerKey === personKey(actor.id)) assertMayWork(ctx, actor);
  if (args.submit && input.verdict === null)
    throw new AppError('validation', 'verdict: choose a verdict before submitting', { field: 'verdict' });
  assertValidReview(input, { item: ctx.item, labels: ctx.labels, rollouts: loadBodies(ctx.rolloutIds) });
  const at = nowIso(args.now);
  const { raw } = getDb();
  const id = await writeTransaction(raw, () => {
    const row = readReviewRow(ctx.scope, reviewerKey);
    checkVersion(row, args.expectedVersion);
    const before = row ? snapshotOf(row) : null;
    const wasSubmitted = before?.status === 'submitted';
    if (args.submit && !wasSubmitted) assertRoomToSubmit(ctx, reviewerKey, at);
    const status = args.submit || wasSubmitted ? 'submitted' : 'draft';
    const next: ReviewSnapshot = {
      verdict: input.verdict,
      note: input.note,
      labels: [...new Set(input.labels)],
      annotations: input.annotations,
      durationMs: input.durationMs,
      status,
      submittedAt: status === 'submitted' ? (args.submit ? at : (before?.submittedAt ?? at)) : null,
    };
    if (status === 'submitted' && next.verdict === null)
      throw new AppError('validation', 'verdict: a submitted review keeps a verdict', { field: 'verdict' });
    const reviewId = writeSnapshot(ctx, row, reviewerKey, next, actor, at);
    appendEvent({
      reviewId,
      queueId: ctx.queueId,
      itemId: ctx.itemId,
      actorKey: personKey(actor.id),
      kind: args.submit ? 'submit' : row ? 'save' : 'create',
      before,
      after: next,
      at,
    });
    if (ctx.itemId !== null) {
      recountItem(ctx.itemId);
      if (status === 'submitted')
        raw.prepare(`DELETE FROM "ReviewLease" WHERE itemId = ? AND reviewerKey = ?`).run(ctx.itemId, reviewerKey);
    }
    return reviewId;
  });
  return getReviewById({ id });
}

export function getReviewById({ id }: { id: number }): ReviewRecord {
  const row = getDb().raw.prepare(`SELECT ${REVIEW_COLUMNS} FROM "Review" WHERE id = ?`).get(id) as
    RawReview | undefined;
  if (!row) throw new AppError('item_not_found', `Review ${id} does not exist (any more).`);
  return toRecords([row])[0];
}

/** One reviewer's review of a target, or null. */
export function getReview({ target, reviewerKey }: { target: ReviewTarget; reviewerKey: string }): ReviewRecord | null {
  const row = readReviewRow('itemId' in target ? `item:${target.itemId}` : `rollout:${target.rolloutId}`, reviewerKey);
  return row ? toRecords([row])[0] : null;
}

/**
 * Undo: reverts the actor's last change to this review that is not already undone, by writing back
 * the fields as they were before it and appending an `undo` event. Repeated undos walk further back.
 */
export async function undoReview({
  itemId,
  expectedVersion,
  actor,
  reviewerKey,
  now,
}: {
  itemId: string;
  expectedVersion?: number;
  actor: ReviewActor;
  reviewerKey?: string;
  now?: Date;
}): Promise<ReviewRecord> {
  const ctx = await loadTarget(parseTarget(itemId));
  const key = reviewerKey ?? personKey(actor.id);
  assertMayWrite(key, actor);
  const at = nowIso(now);
  const actorKey = personKey(actor.id);
  const { raw } = getDb();
  const id = await writeTransaction(raw, () => {
    const row = readReviewRow(ctx.scope, key);
    if (!row) throw new AppError('nothing_to_undo', 'There is no review here to undo.');
    if (expectedVersion !== undefined) checkVersion(row, expectedVersion);
    const last = raw
      .prepare(
        `SELECT e.id, e.before FROM "ReviewEvent" e
         WHERE e.reviewId = ? AND e.actorKey = ? AND e.kind <> 'undo'
           AND NOT EXISTS (SELECT 1 FROM "ReviewEvent" u WHERE u.undoOf = e.id)
         ORDER BY e.id DESC LIMIT 1`,
      )
      .get(row.id, actorKey) as { id: number; before: string | null } | undefined;
    if (!last) throw new AppError('nothing_to_undo', 'You have no change to this review left to undo.');
    const before = snapshotOf(row);
    const restored: ReviewSnapshot =
      last.before === null ? EMPTY_SNAPSHOT : (JSON.parse(last.before) as ReviewSnapshot);
    writeSnapshot(ctx, row, key, restored, actor, at);
    appendEvent({
      reviewId: row.id,
      queueId: ctx.queueId,
      itemId: ctx.itemId,
      actorKey,
      kind: 'undo',
      before,
      after: restored,
      undoOf: last.id,
      at,
    });
    if (ctx.itemId !== null) recountItem(ctx.itemId);
    return row.id;
  });
  return getReviewById({ id });
}

export interface ReviewEventRow {
  id: number;
  kind: string;
  actor: string;
  at: string;
  before: ReviewSnapshot | Record<string, unknown> | null;
  after: ReviewSnapshot | Record<string, unknown> | null;
  undoOf: number | null;
}

/** A review's history, oldest first. */
export function listReviewHistory({ reviewId }: { reviewId: number }): ReviewEventRow[] {
  const rows = getDb()
    .raw.prepare(
      `SELECT id, kind, actorKey, at, before, after, undoOf FROM "ReviewEvent" WHERE reviewId = ? ORDER BY id`,
    )
    .all(reviewId) as {
    id: number;
    kind: string;
    actorKey: string;
    at: string;
    before: string | null;
    after: string | null;
    undoOf: number | null;
  }[];
  const names = loadPersonNames(rows.map((r) => r.actorKey));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    actor: names.get(r.actorKey)!,
    at: r.at,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
    undoOf: r.undoOf,
  }));
}

/**
 * Everyone's reviews of a target, for the panel. In a blind queue a reviewer sees other people's
 * reviews only once they submitted their own; curators always see them.
 */
export function listTargetReviews({
  target,
  actor,
}: {
  target: ReviewTarget & { blind?: boolean };
  actor: ReviewActor;
}): { reviews: ReviewRecord[]; hidden: number } {
  const scope = 'itemId' in target ? `item:${target.itemId}` : `rollout:${target.rolloutId}`;
  const rows = getDb()
    .raw.prepare(`SELECT ${REVIEW_COLUMNS} FROM "Review" WHERE scope = ? ORDER BY id`)
    .all(scope) as RawReview[];
  const me = personKey(actor.id);
  const mine = rows.find((r) => r.reviewerKey === me);
  const seeAll = !target.blind || roleAtLeast(actor.role, 'curator') || mine?.status === 'submitted';
  const visible = rows.filter((r) => r.reviewerKey === me || (seeAll && r.status === 'submitted'));
  return {
    reviews: toRecords(visible),
    hidden: seeAll ? 0 : rows.filter((r) => r.reviewerKey !== me && r.status === 'submitted').length,
  };
}

/** Ad-hoc and queue reviews that involve a rollout (its own, and items it belongs to). */
export function listRolloutReviews({ datasetId, rolloutId }: { datasetId: number; rolloutId: number }): ReviewRecord[] {
  const rows = getDb()
    .raw.prepare(`SELECT ${REVIEW_COLUMNS} FROM "Review" WHERE datasetId = ? AND rolloutId = ? ORDER BY id`)
    .all(datasetId, rolloutId) as RawReview[];
  return toRecords(rows);
}
