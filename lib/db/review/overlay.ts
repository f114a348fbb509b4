/**
 * What review decided, for curation and export (section 6 builds on these two loaders):
 *
 * - loadReviewOverlay: per rollout, the consensus verdict and label ids, compact (typed arrays
 *   aligned to sorted rollout ids), for the curate model's review column and recipe filters.
 * - loadReviewsForExport: the submitted reviews with their annotations (first bad step, ratings,
 *   corrections) indexed by rollout, plus adjudications, and on request comments and the event log,
 *   for the review-derived formats and the review log.
 *
 * Only submitted reviews count (drafts and skips never do). Raw SQL: whole-dataset reads (4).
 */
import {
  decideItem,
  type ConsensusRule,
  type ItemKind,
  type Review,
  type RolloutAnnotation,
  type Verdict,
} from '../../review';
import { getDb } from '../client';
import { listAdjudications, type AdjudicationRow } from './adjudications';
import { listComments, type CommentRow } from './comments';
import { loadPersonNames } from './people';

/** Overlay verdict codes. */
export const OVERLAY_NONE = 0;
export const OVERLAY_ACCEPT = 1;
export const OVERLAY_REJECT = 2;
export const OVERLAY_NEEDS_FIX = 3;
const VERDICT_CODE: Record<string, number> = {
  accept: OVERLAY_ACCEPT,
  reject: OVERLAY_REJECT,
  needs_fix: OVERLAY_NEEDS_FIX,
};

/** Overlay status codes. */
export const OVERLAY_PENDING = 0;
export const OVERLAY_DECIDED = 1;
export const OVERLAY_UNDECIDED = 2;

export interface ReviewOverlay {
  /** Rollouts with at least one submitted review or an adjudication, ascending. */
  rolloutIds: Int32Array;
  /** OVERLAY_NONE unless decided, else OVERLAY_ACCEPT / _REJECT / _NEEDS_FIX. */
  verdict: Int8Array;
  /** OVERLAY_PENDING (fewer reviews than minReviews), _DECIDED, or _UNDECIDED (a disagreement the rule leaves open). */
  status: Int8Array;
  /** Submitted reviews counted for the rollout. */
  reviews: Int16Array;
  /** Label dictionary; labels per rollout are indices into it. */
  labelIds: string[];
  /** CSR: the labels of rollout i are labelIdx[labelStart[i] .. labelStart[i + 1]). */
  labelStart: Int32Array;
  labelIdx: Int16Array;
}

export interface OverlayOptions {
  datasetId: number;
  /** Queues to read; default every queue of the dataset. */
  queueIds?: number[];
  /** Also count reviews made in the viewer outside queues; default true when queueIds is not given. */
  includeAdHoc?: boolean;
  consensus: { rule: ConsensusRule; minReviews?: number };
}

interface OverlayRow {
  id: number;
  scope: string;
  rolloutId: number;
  reviewerKey: string;
  verdict: string;
  labels: string;
  submittedAt: string;
  kind: ItemKind | null;
}

function queueFilter(queueIds: number[] | undefined, adHoc: boolean): { sql: string; params: number[] } {
  const parts: string[] = [];
  const params: number[] = [];
  if (queueIds === undefined) parts.push('r.queueId IS NOT NULL');
  else if (queueIds.length > 0) {
    parts.push(`r.queueId IN (${queueIds.map(() => '?').join(',')})`);
    params.push(...queueIds);
  }
  if (adHoc) parts.push('r.queueId IS NULL');
  return { sql: parts.length ? `(${parts.join(' OR ')})` : '0', params };
}

/**
 * Per-rollout consensus over rollout items (pair and group verdicts say nothing about one rollout).
 * One vote per reviewer per rollout: their latest submitted review, wherever they made it.
 */
export function loadReviewOverlay(opts: OverlayOptions): ReviewOverlay {
  const adHoc = opts.includeAdHoc ?? opts.queueIds === undefined;
  const f = queueFilter(opts.queueIds, adHoc);
  const rows = getDb()
    .raw.prepare(
      `SELECT r.id, r.scope, r.rolloutId, r.reviewerKey, r.verdict, r.labels, r.submittedAt, q.kind
       FROM "Review" r LEFT JOIN "ReviewQueue" q ON q.id = r.queueId
       WHERE r.datasetId = ? AND r.status = 'submitted' AND ${f.sql} ORDER BY r.rolloutId, r.submittedAt, r.id`,
    )
    .all(opts.datasetId, ...f.params) as OverlayRow[];
  const byRollout = new Map<number, Map<string, OverlayRow>>();
  for (const r of rows) {
    if (r.kind !== null && r.kind !== 'rollout') continue;
    let m = byRollout.get(r.rolloutId);
    if (!m) byRollout.set(r.rolloutId, (m = new Map()));
    m.set(r.reviewerKey, r); // later rows win: the latest submission
  }
  const adjudications = new Map<number, AdjudicationRow>();
  const queues =
    opts.queueIds ??
    (
      getDb()
        .raw.prepare(`SELECT id FROM "ReviewQueue" WHERE datasetId = ? AND kind = 'rollout'`)
        .all(opts.datasetId) as { id: number }[]
    ).map((q) => q.id);
  const itemRollout = new Map<number, number>();
  for (const queueId of queues) {
    const list = listAdjudications({ queueId });
    if (list.length === 0) continue;
    const items = getDb()
      .raw.prepare(
        `SELECT i.id, i.rolloutId FROM "ReviewItem" i JOIN "ReviewQueue" q ON q.id = i.queueId WHERE i.queueId = ? AND q.kind = 'rollout'`,
      )
      .all(queueId) as { id: number; rolloutId: number }[];
    for (const i of items) itemRollout.set(i.id, i.rolloutId);
    for (const a of list) {
      const rolloutId = itemRollout.get(a.itemId);
      if (rolloutId === undefined) continue;
      const prev = adjudications.get(rolloutId);
      if (!prev || prev.at <= a.at) adjudications.set(rolloutId, a);
    }
  }
  const ids = [...new Set([...byRollout.keys(), ...adjudications.keys()])].sort((a, b) => a - b);
  const n = ids.length;
  const out: ReviewOverlay = {
    rolloutIds: Int32Array.from(ids),
    verdict: new Int8Array(n),
    status: new Int8Array(n),
    reviews: new Int16Array(n),
    labelIds: [],
    labelStart: new Int32Array(n + 1),
    labelIdx: new Int16Array(0),
  };
  const dict = new Map<string, number>();
  const labelIdx: number[] = [];
  ids.forEach((rolloutId, i) => {
    const votes = [...(byRollout.get(rolloutId)?.values() ?? [])];
    const reviews: Review[] = votes.map((v) => ({
      itemId: String(rolloutId),
      queueId: null,
      reviewer: v.reviewerKey,
      verdict: JSON.parse(v.verdict) as Verdict,
      note: '',
      labels: JSON.parse(v.labels) as string[],
      annotations: [],
      submittedAt: v.submittedAt,
      durationMs: null,
    }));
    const adj = adjudications.get(rolloutId);
    const c = decideItem(
      String(rolloutId),
      reviews,
      opts.consensus,
      adj ? { itemId: String(rolloutId), verdict: adj.verdict, by: adj.byKey, at: adj.at, note: adj.note } : null,
    );
    out.reviews[i] = reviews.length;
    out.status[i] =
      c.status === 'decided' ? OVERLAY_DECIDED : c.status === 'undecided' ? OVERLAY_UNDECIDED : OVERLAY_PENDING;
    if (c.verdict?.kind === 'rollout') out.verdict[i] = VERDICT_CODE[c.verdict.value];
    // Labels: the adjudication's when it decided; else those more than half of the reviews carry
    // (all of them under the unanimous and adjudicated rules).
    let labels: string[];
    if (c.source === 'adjudication' && adj) labels = adj.labels;
    else {
      const counts = new Map<string, number>();
      for (const r of reviews) for (const l of r.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
      const need = opts.consensus.rule === 'majority' ? Math.floor(reviews.length / 2) + 1 : reviews.length;
      labels = [...counts].filter(([, k]) => k >= need).map(([l]) => l);
    }
    for (const l of labels) {
      let k = dict.get(l);
      if (k === undefined) dict.set(l, (k = dict.size));
      labelIdx.push(k);
    }
    out.labelStart[i + 1] = labelIdx.length;
  });
  out.labelIds = [...dict.keys()];
  out.labelIdx = Int16Array.from(labelIdx);
  return out;
}

/** The consensus of one rollout from an overlay (binary search), or null when it has no reviews. */
export function overlayOf(
  o: ReviewOverlay,
  rolloutId: number,
): { verdict: number; status: number; labels: string[] } | null {
  let lo = 0;
  let hi = o.rolloutIds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (o.rolloutIds[mid] < rolloutId) lo = mid + 1;
    else if (o.rolloutIds[mid] > rolloutId) hi = mid - 1;
    else {
      const labels: string[] = [];
      for (let k = o.labelStart[mid]; k < o.labelStart[mid + 1]; k++) labels.push(o.labelIds[o.labelIdx[k]]);
      return { verdict: o.verdict[mid], status: o.status[mid], labels };
    }
  }
  return null;
}

export interface ExportReview {
  reviewId: number;
  /** null: made in the viewer outside any queue. */
  queueId: number | null;
  queueName: string | null;
  itemId: number | null;
  kind: ItemKind;
  /** The item's rollouts ([rollout], [chosen, rejected], the group), ids as numbers. */
  rolloutIds: number[];
  reviewer: string;
  verdict: Verdict;
  note: string;
  labels: string[];
  /** Turn-level work per rollout (rolloutId is text, as lib/review has it). */
  annotations: RolloutAnnotation[];
  durationMs: number | null;
  submittedAt: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
}

export interface ReviewsForExport {
  reviews: ExportReview[];
  /** Rollout id → indices into `reviews` of every review whose item includes that rollout. */
  byRollout: Map<number, number[]>;
  adjudications: AdjudicationRow[];
  /** With includeComments: every comment on the rollouts reviewed, per rollout. */
  comments?: Map<number, CommentRow[]>;
  /** With includeEvents: the event log of those reviews and adjudications, oldest first. */
  events?: {
    id: number;
    reviewId: number | null;
    itemId: number | null;
    queueId: number | null;
    kind: string;
    actor: string;
    at: string;
    before: unknown;
    after: unknown;
  }[];
}

/**
 * Submitted reviews with their annotations and corrections, per rollout, for the review-derived
 * exports and the review log. Same queue selection as loadReviewOverlay.
 */
export function loadReviewsForExport(opts: {
  datasetId: number;
  queueIds?: number[];
  includeAdHoc?: boolean;
  includeComments?: boolean;
  includeEvents?: boolean;
}): ReviewsForExport {
  const { raw } = getDb();
  const adHoc = opts.includeAdHoc ?? opts.queueIds === undefined;
  const f = queueFilter(opts.queueIds, adHoc);
  const rows = raw
    .prepare(
      `SELECT r.id, r.queueId, q.name AS queueName, r.itemId, coalesce(q.kind, 'rollout') AS kind,
         coalesce(i.rolloutIds, json_array(r.rolloutId)) AS rolloutIds, r.reviewerKey, r.verdict, r.note, r.labels,
         r.annotations, r.durationMs, r.submittedAt, r.createdAt, r.updatedAt, r.updatedByKey, r.version
       FROM "Review" r LEFT JOIN "ReviewQueue" q ON q.id = r.queueId LEFT JOIN "ReviewItem" i ON i.id = r.itemId
       WHERE r.datasetId = ? AND r.status = 'submitted' AND ${f.sql} ORDER BY r.id`,
    )
    .all(opts.datasetId, ...f.params) as {
    id: number;
    queueId: number | null;
    queueName: string | null;
    itemId: number | null;
    kind: ItemKind;
    rolloutIds: string;
    reviewerKey: string;
    verdict: string;
    note: string;
    labels: string;
    annotations: string;
    durationMs: number | null;
    submittedAt: string;
    createdAt: string;
    updatedAt: string;
    updatedByKey: string;
    version: number;
  }[];
  const names = loadPersonNames(rows.flatMap((r) => [r.reviewerKey, r.updatedByKey]));
  const byRollout = new Map<number, number[]>();
  const reviews = rows.map((r, k): ExportReview => {
    const rolloutIds = JSON.parse(r.rolloutIds) as number[];
    for (const id of rolloutIds) {
      const list = byRollout.get(id);
      if (list) list.push(k);
      else byRollout.set(id, [k]);
    }
    return {
      reviewId: r.id,
      queueId: r.queueId,
      queueName: r.queueName,
      itemId: r.itemId,
      kind: r.kind,
      rolloutIds,
      reviewer: names.get(r.reviewerKey)!,
      verdict: JSON.parse(r.verdict) as Verdict,
      note: r.note,
      labels: JSON.parse(r.labels) as string[],
      annotations: JSON.parse(r.annotations) as RolloutAnnotation[],
      durationMs: r.durationMs,
      submittedAt: r.submittedAt,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      updatedBy: names.get(r.updatedByKey)!,
      version: r.version,
    };
  });
  const queueIds = [...new Set(rows.flatMap((r) => (r.queueId === null ? [] : [r.queueId])))];
  const adjudications = queueIds.flatMap((queueId) => listAdjudications({ queueId }));
  const out: ReviewsForExport = { reviews, byRollout, adjudications };
  if (opts.includeComments) {
    out.comments = new Map();
    for (const id of byRollout.keys()) {
      const list = listComments({ rolloutId: id });
      if (list.length) out.comments.set(id, list);
    }
  }
  if (opts.includeEvents) {
    const reviewIds = rows.map((r) => r.id);
    const events: NonNullable<ReviewsForExport['events']> = [];
    const collect = (sql: string, ids: number[]) => {
      for (let i = 0; i < ids.length; i += 5000) {
        const chunk = ids.slice(i, i + 5000);
        const evs = raw.prepare(sql.replace('?', chunk.map(() => '?').join(','))).all(...chunk) as {
          id: number;
          reviewId: number | null;
          itemId: number | null;
          queueId: number | null;
          kind: string;
          actorKey: string;
          at: string;
          before: string | null;
          after: string | null;
        }[];
        const n = loadPersonNames(evs.map((e) => e.actorKey));
        for (const e of evs)
          events.push({
            id: e.id,
            reviewId: e.reviewId,
            itemId: e.itemId,
            queueId: e.queueId,
            kind: e.kind,
            actor: n.get(e.actorKey)!,
            at: e.at,
            before: e.before === null ? null : JSON.parse(e.before),
            after: e.after === null ? null : JSON.parse(e.after),
          });
      }
    };
    const cols = `id, reviewId, itemId, queueId, kind, actorKey, at, before, after`;
    collect(`SELECT ${cols} FROM "ReviewEvent" WHERE reviewId IN (?)`, reviewIds);
    collect(
      `SELECT ${cols} FROM "ReviewEvent" WHERE reviewId IS NULL AND kind = 'adjudicate' AND queueId IN (?)`,
      queueIds,
    );
    out.events = events.sort((a, b) => a.id - b.id);
  }
  return out;
}
