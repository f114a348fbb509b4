/**
 * `sift review import --queue Q FILE`: reviews made elsewhere (another tool, a spreadsheet), one JSON
 * object per line (lib/review import-lines.ts). Every line is checked first and every problem is
 * reported by line; only a file without problems is written, in one transaction, so an import is
 * never half done.
 */
import { AppError } from '../../errors';
import { parseImportText, resolveImportLines, type ImportIssue } from '../../review';
import { getDb } from '../client';
import { loadUserIdsByName, nowIso, personKey } from './people';
import { listQueueLabels, listQueueItems, requireQueue } from './queues';
import { appendEvent, recountItem, type ReviewSnapshot } from './records';
import { writeTransaction } from './write';

export interface ImportReviewsResult {
  imported: number;
  issues: ImportIssue[];
}

function externalIds(rolloutIds: number[]): Map<number, { externalId: string; numMessages: number }> {
  const out = new Map<number, { externalId: string; numMessages: number }>();
  for (let i = 0; i < rolloutIds.length; i += 5000) {
    const chunk = rolloutIds.slice(i, i + 5000);
    const rows = getDb()
      .raw.prepare(`SELECT id, externalId, numMessages FROM "Rollout" WHERE id IN (${chunk.map(() => '?').join(',')})`)
      .all(...chunk) as { id: number; externalId: string; numMessages: number }[];
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** Imports the file's reviews into a rollout queue; returns the issues instead when there are any. */
export async function importReviews({
  queueId,
  text,
  actorId,
  now,
}: {
  queueId: number;
  text: string;
  actorId: string | null;
  now?: Date;
}): Promise<ImportReviewsResult> {
  const queue = await requireQueue({ id: queueId });
  if (queue.kind !== 'rollout')
    throw new AppError(
      'validation',
      `Queue "${queue.name}" reviews ${queue.kind}s: imports hold rollout verdicts only.`,
    );
  const parsed = parseImportText(text);
  const items = listQueueItems({ queueId });
  const itemByRollout = new Map(items.map((i) => [String(i.rolloutIds[0]), String(i.id)]));
  const rolloutOfItem = new Map(items.map((i) => [String(i.id), i.rolloutIds[0]]));
  const meta = externalIds(items.map((i) => i.rolloutIds[0]));
  const rolloutByExternalId = new Map<string, string>();
  for (const [id, m] of meta) rolloutByExternalId.set(m.externalId, String(id));
  // Ids the file names that are not in the queue: are they in the dataset at all?
  const strangers = [...new Set(parsed.lines.map((l) => l.value.rollout))].filter((x) => !rolloutByExternalId.has(x));
  for (let i = 0; i < strangers.length; i += 5000) {
    const chunk = strangers.slice(i, i + 5000);
    const rows = getDb()
      .raw.prepare(
        `SELECT id, externalId FROM "Rollout" WHERE datasetId = ? AND externalId IN (${chunk.map(() => '?').join(',')})`,
      )
      .all(queue.datasetId, ...chunk) as { id: number; externalId: string }[];
    for (const r of rows)
      if (!rolloutByExternalId.has(r.externalId)) rolloutByExternalId.set(r.externalId, String(r.id));
  }
  const at = nowIso(now);
  const resolved = resolveImportLines(parsed.lines, {
    queueId: String(queueId),
    rolloutByExternalId,
    itemByRollout,
    userByName: loadUserIdsByName(),
    labels: await listQueueLabels(queue),
    messageCount: (id) => meta.get(Number(id))?.numMessages,
    now: at,
  });
  const issues = [...parsed.issues, ...resolved.issues];
  // A reviewer who already reviewed the item in Sift: reported, never overwritten.
  const exists = getDb().raw.prepare(`SELECT status FROM "Review" WHERE scope = ? AND reviewerKey = ?`);
  const lineByKey = new Map(parsed.lines.map((l) => [`${l.value.rollout}\u0000${l.value.reviewer}`, l.line]));
  const externalOf = new Map([...rolloutByExternalId].map(([ext, id]) => [id, ext]));
  const nameOf = new Map([...loadUserIdsByName()].map(([name, id]) => [id, name]));
  for (const r of resolved.reviews) {
    const row = exists.get(`item:${r.itemId}`, r.reviewer) as { status: string } | undefined;
    if (!row) continue;
    const rolloutId = String(rolloutOfItem.get(r.itemId));
    const ext = externalOf.get(rolloutId) ?? rolloutId;
    const who = nameOf.get(r.reviewer) ?? r.reviewer;
    issues.push({
      line: lineByKey.get(`${ext}\u0000${who}`) ?? 0,
      path: '$',
      message: `${who} already has a ${row.status} review of ${ext} in this queue`,
    });
  }
  issues.sort((a, b) => a.line - b.line);
  if (issues.length > 0) return { imported: 0, issues };

  const { raw } = getDb();
  const actorKey = personKey(actorId);
  await writeTransaction(raw, () => {
    const insert = raw.prepare(
      `INSERT INTO "Review" (scope, queueId, itemId, datasetId, rolloutId, reviewerKey, reviewerId, verdict, verdictKey,
         note, labels, annotations, durationMs, status, submittedAt, version, createdAt, updatedAt, createdById,
         updatedByKey, updatedById)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, 1, ?, ?, ?, ?, ?)`,
    );
    const touched = new Set<number>();
    for (const r of resolved.reviews) {
      const itemId = Number(r.itemId);
      const rolloutId = rolloutOfItem.get(r.itemId)!;
      const verdict = r.verdict!;
      const reviewId = Number(
        insert.run(
          `item:${itemId}`,
          queueId,
          itemId,
          queue.datasetId,
          rolloutId,
          r.reviewer,
          r.reviewer,
          JSON.stringify(verdict),
          verdict.kind === 'rollout' ? `rollout:${verdict.value}` : null,
          r.note,
          JSON.stringify(r.labels),
          JSON.stringify(r.annotations),
          r.durationMs,
          r.submittedAt,
          at,
          at,
          actorId,
          actorKey,
          actorId,
        ).lastInsertRowid,
      );
      const after: ReviewSnapshot = {
        verdict,
        note: r.note,
        labels: r.labels,
        annotations: r.annotations,
        durationMs: r.durationMs,
        status: 'submitted',
        submittedAt: r.submittedAt,
      };
      appendEvent({ reviewId, queueId, itemId, actorKey, kind: 'import', before: null, after, at });
      touched.add(itemId);
    }
    for (const itemId of touched) recountItem(itemId);
  });
  return { imported: resolved.reviews.length, issues: [] };
}
