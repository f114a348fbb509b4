/**
 * Review rows as the rest of Sift reads them, and the snapshot the event log keeps. Shared by
 * reviews.ts, leases.ts, imports.ts and the loaders; raw SQL (reviews are written on `raw` in short
 * transactions, write.ts, and read back on the same connection).
 */
import { roleAtLeast, type Role } from '../../auth/roles';
import { AppError } from '../../errors';
import type { ItemKind, Label, RolloutAnnotation, ReviewItem, Verdict } from '../../review';
import { getDb } from '../client';
import { listLabels, pickQueueLabels } from './labels';
import { loadPersonNames, personKey } from './people';
import { toReviewItem } from './queues';

export type ReviewStatus = 'draft' | 'submitted' | 'skipped';

/** Who is acting, as lib/db needs it (lib/auth's Actor fits). */
export interface ReviewActor {
  id: string | null;
  role: Role;
}

/** The fields of a review that change, as the event log records them before and after each change. */
export interface ReviewSnapshot {
  verdict: Verdict | null;
  note: string;
  labels: string[];
  annotations: RolloutAnnotation[];
  durationMs: number | null;
  status: ReviewStatus;
  submittedAt: string | null;
}

export const EMPTY_SNAPSHOT: ReviewSnapshot = {
  verdict: null,
  note: '',
  labels: [],
  annotations: [],
  durationMs: null,
  status: 'draft',
  submittedAt: null,
};

export interface ReviewRecord extends ReviewSnapshot {
  id: number;
  /** "item:<id>" or "rollout:<id>". */
  scope: string;
  queueId: number | null;
  itemId: number | null;
  datasetId: number;
  rolloutId: number;
  reviewerKey: string;
  reviewer: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Who made the last change (a user name, or "local owner"). */
  updatedBy: string;
}

export interface RawReview {
  id: number;
  scope: string;
  queueId: number | null;
  itemId: number | null;
  datasetId: number;
  rolloutId: number;
  reviewerKey: string;
  verdict: string | null;
  note: string;
  labels: string;
  annotations: string;
  durationMs: number | null;
  status: string;
  version: number;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
  updatedByKey: string;
}

export const REVIEW_COLUMNS = `id, scope, queueId, itemId, datasetId, rolloutId, reviewerKey, verdict, note, labels, annotations,
  durationMs, status, version, submittedAt, createdAt, updatedAt, updatedByKey`;

export function snapshotOf(r: RawReview): ReviewSnapshot {
  return {
    verdict: r.verdict === null ? null : (JSON.parse(r.verdict) as Verdict),
    note: r.note,
    labels: JSON.parse(r.labels) as string[],
    annotations: JSON.parse(r.annotations) as RolloutAnnotation[],
    durationMs: r.durationMs,
    status: r.status as ReviewStatus,
    submittedAt: r.submittedAt,
  };
}

export function toRecords(rows: RawReview[]): ReviewRecord[] {
  const names = loadPersonNames(rows.flatMap((r) => [r.reviewerKey, r.updatedByKey]));
  return rows.map((r) => ({
    ...snapshotOf(r),
    id: r.id,
    scope: r.scope,
    queueId: r.queueId,
    itemId: r.itemId,
    datasetId: r.datasetId,
    rolloutId: r.rolloutId,
    reviewerKey: r.reviewerKey,
    reviewer: names.get(r.reviewerKey)!,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    updatedBy: names.get(r.updatedByKey)!,
  }));
}

export function readReviewRow(scope: string, reviewerKey: string): RawReview | undefined {
  return getDb()
    .raw.prepare(`SELECT ${REVIEW_COLUMNS} FROM "Review" WHERE scope = ? AND reviewerKey = ?`)
    .get(scope, reviewerKey) as RawReview | undefined;
}

/** What a review is about: a queue item, or one rollout outside any queue. */
export type ReviewTarget = { itemId: number } | { rolloutId: number };

export const scopeOf = (t: ReviewTarget): string => ('itemId' in t ? `item:${t.itemId}` : `rollout:${t.rolloutId}`);

/**
 * lib/review's item ids are text: a queue item's id ("42"), or "rollout:<id>" for a review made in
 * the viewer outside any queue. Throws validation for anything else.
 */
export function parseTarget(itemId: string): ReviewTarget {
  if (/^\d{1,12}$/.test(itemId)) return { itemId: Number(itemId) };
  const m = /^rollout:(\d{1,12})$/.exec(itemId);
  if (m) return { rolloutId: Number(m[1]) };
  throw new AppError('validation', `itemId: "${itemId}" is neither a queue item id nor rollout:<id>`, {
    field: 'itemId',
  });
}

/** Everything a write needs to know about its target. */
export interface TargetContext {
  scope: string;
  datasetId: number;
  queueId: number | null;
  itemId: number | null;
  kind: ItemKind;
  item: ReviewItem;
  rolloutIds: number[];
  overlap: number;
  blind: boolean;
  labels: Label[];
  /** Item-level assignee, else the queue's assignees ([] = anyone). */
  assignees: string[];
}

export async function loadTarget(target: ReviewTarget): Promise<TargetContext> {
  const { raw } = getDb();
  if ('rolloutId' in target) {
    const r = raw.prepare(`SELECT datasetId FROM "Rollout" WHERE id = ?`).get(target.rolloutId) as
      { datasetId: number } | undefined;
    if (!r) throw new AppError('rollout_not_found', `Rollout ${target.rolloutId} no longer exists.`);
    return {
      scope: scopeOf(target),
      datasetId: r.datasetId,
      queueId: null,
      itemId: null,
      kind: 'rollout',
      item: { id: `rollout:${target.rolloutId}`, kind: 'rollout', rolloutId: String(target.rolloutId) },
      rolloutIds: [target.rolloutId],
      overlap: 1,
      blind: false,
      labels: await listLabels({ datasetId: r.datasetId }),
      assignees: [],
    };
  }
  const row = raw
    .prepare(
      `SELECT i.id, i.queueId, i.rolloutIds, i.assigneeId, q.kind, q.overlap, q.blind, q.datasetId, q.labelIds
       FROM "ReviewItem" i JOIN "ReviewQueue" q ON q.id = i.queueId WHERE i.id = ?`,
    )
    .get(target.itemId) as
    | {
        id: number;
        queueId: number;
        rolloutIds: string;
        assigneeId: string | null;
        kind: ItemKind;
        overlap: number;
        blind: number;
        datasetId: number;
        labelIds: string;
      }
    | undefined;
  if (!row) throw new AppError('item_not_found', `Review item ${target.itemId} does not exist (any more).`);
  const rolloutIds = JSON.parse(row.rolloutIds) as number[];
  const assignees =
    row.assigneeId !== null
      ? [row.assigneeId]
      : (
          raw.prepare(`SELECT userId FROM "ReviewAssignee" WHERE queueId = ?`).all(row.queueId) as { userId: string }[]
        ).map((a) => a.userId);
  return {
    scope: scopeOf(target),
    datasetId: row.datasetId,
    queueId: row.queueId,
    itemId: row.id,
    kind: row.kind,
    item: toReviewItem(row.kind, row.id, rolloutIds),
    rolloutIds,
    overlap: row.overlap,
    blind: row.blind === 1,
    labels: pickQueueLabels(await listLabels({ datasetId: row.datasetId }), JSON.parse(row.labelIds) as string[]),
    assignees,
  };
}

/** Reviewers work what is assigned to them; curators and admins may work (and fix) anything. */
export function assertMayWork(ctx: Pick<TargetContext, 'assignees' | 'itemId'>, actor: ReviewActor): void {
  if (roleAtLeast(actor.role, 'curator')) return;
  if (!roleAtLeast(actor.role, 'reviewer')) throw new AppError('forbidden', 'Viewers do not review.');
  if (ctx.assignees.length > 0 && !ctx.assignees.includes(personKey(actor.id)))
    throw new AppError('forbidden', `Review item ${ctx.itemId} is assigned to someone else.`);
}

/** Keeps ReviewItem.submitted and .open equal to what its reviews say (call inside the write). */
export function recountItem(itemId: number): void {
  getDb()
    .raw.prepare(
      `UPDATE "ReviewItem" SET
         submitted = (SELECT count(*) FROM "Review" WHERE itemId = @itemId AND status = 'submitted'),
         open = (SELECT count(*) FROM "Review" WHERE itemId = @itemId AND status = 'submitted')
                < (SELECT overlap FROM "ReviewQueue" q WHERE q.id = "ReviewItem".queueId)
       WHERE id = @itemId`,
    )
    .run({ itemId });
}

export function appendEvent(e: {
  reviewId: number | null;
  queueId: number | null;
  itemId: number | null;
  actorKey: string;
  kind: 'create' | 'save' | 'submit' | 'skip' | 'undo' | 'import' | 'adjudicate';
  before: unknown;
  after: unknown;
  undoOf?: number | null;
  at: string;
}): number {
  const actorId = e.actorKey === personKey(null) ? null : e.actorKey;
  return Number(
    getDb()
      .raw.prepare(
        `INSERT INTO "ReviewEvent" (reviewId, queueId, itemId, actorKey, actorId, kind, before, after, undoOf, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.reviewId,
        e.queueId,
        e.itemId,
        e.actorKey,
        actorId,
        e.kind,
        e.before === null ? null : JSON.stringify(e.before),
        e.after === null ? null : JSON.stringify(e.after),
        e.undoOf ?? null,
        e.at,
      ).lastInsertRowid,
  );
}
