/**
 * A curator's final verdict (and labels) on a queue item, set from the disagreements list. Stored
 * one per item (a later adjudication replaces it) with an `adjudicate` event in the log.
 */
import { AppError } from '../../errors';
import { findReviewIssues, type Adjudication, type Verdict } from '../../review';
import { getDb } from '../client';
import { loadPersonNames, nowIso, personKey } from './people';
import { appendEvent, loadTarget } from './records';
import { writeTransaction } from './write';

export interface AdjudicationRow {
  itemId: number;
  queueId: number;
  verdict: Verdict;
  labels: string[];
  note: string;
  by: string;
  byKey: string;
  at: string;
}

export async function adjudicateItem({
  itemId,
  verdict,
  labels = [],
  note,
  byId,
  now,
}: {
  itemId: number;
  verdict: Verdict;
  labels?: string[];
  note: string;
  byId: string | null;
  now?: Date;
}): Promise<AdjudicationRow> {
  const ctx = await loadTarget({ itemId });
  const issues = findReviewIssues(
    { verdict, labels, annotations: [] },
    { item: ctx.item, labels: ctx.labels, rollouts: new Map() },
  ).filter((i) => i.level === 'error');
  if (issues.length > 0)
    throw new AppError('validation', `${issues[0].path}: ${issues[0].message}`, { field: issues[0].path });
  const { raw } = getDb();
  const at = nowIso(now);
  const byKey = personKey(byId);
  await writeTransaction(raw, () => {
    const before = raw
      .prepare(`SELECT verdict, labels, note FROM "ReviewAdjudication" WHERE itemId = ?`)
      .get(itemId) as { verdict: string; labels: string; note: string } | undefined;
    raw
      .prepare(
        `INSERT INTO "ReviewAdjudication" (itemId, queueId, verdict, labels, note, byKey, byId, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (itemId) DO UPDATE SET verdict = excluded.verdict, labels = excluded.labels, note = excluded.note,
           byKey = excluded.byKey, byId = excluded.byId, at = excluded.at`,
      )
      .run(itemId, ctx.queueId, JSON.stringify(verdict), JSON.stringify(labels), note, byKey, byId, at);
    appendEvent({
      reviewId: null,
      queueId: ctx.queueId,
      itemId,
      actorKey: byKey,
      kind: 'adjudicate',
      before: before
        ? { verdict: JSON.parse(before.verdict), labels: JSON.parse(before.labels), note: before.note }
        : null,
      after: { verdict, labels, note },
      at,
    });
  });
  return listAdjudications({ queueId: ctx.queueId! }).find((a) => a.itemId === itemId)!;
}

export function listAdjudications({ queueId }: { queueId: number }): AdjudicationRow[] {
  const rows = getDb()
    .raw.prepare(
      `SELECT itemId, queueId, verdict, labels, note, byKey, at FROM "ReviewAdjudication" WHERE queueId = ? ORDER BY itemId`,
    )
    .all(queueId) as {
    itemId: number;
    queueId: number;
    verdict: string;
    labels: string;
    note: string;
    byKey: string;
    at: string;
  }[];
  const names = loadPersonNames(rows.map((r) => r.byKey));
  return rows.map((r) => ({
    itemId: r.itemId,
    queueId: r.queueId,
    verdict: JSON.parse(r.verdict) as Verdict,
    labels: JSON.parse(r.labels) as string[],
    note: r.note,
    by: names.get(r.byKey)!,
    byKey: r.byKey,
    at: r.at,
  }));
}

/** As lib/review's Adjudication (for consensus and stats). */
export function toAdjudication(a: AdjudicationRow): Adjudication {
  return { itemId: String(a.itemId), verdict: a.verdict, by: a.byKey, at: a.at, note: a.note };
}
