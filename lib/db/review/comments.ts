/**
 * Comment threads: one per rollout (messageIndex null) and one per turn. Comments are not part of a
 * review; anyone with the reviewer role writes in them, whoever reviewed.
 */
import { AppError } from '../../errors';
import { getDb } from '../client';
import { loadPersonNames, nowIso, personKey } from './people';
import { writeTransaction } from './write';

export interface CommentRow {
  id: number;
  rolloutId: number;
  messageIndex: number | null;
  author: string;
  body: string;
  createdAt: string;
}

export async function addComment({
  rolloutId,
  messageIndex,
  body,
  authorId,
  now,
}: {
  rolloutId: number;
  messageIndex: number | null;
  body: string;
  authorId: string | null;
  now?: Date;
}): Promise<CommentRow> {
  const { raw } = getDb();
  const r = raw.prepare(`SELECT datasetId, numMessages FROM "Rollout" WHERE id = ?`).get(rolloutId) as
    { datasetId: number; numMessages: number } | undefined;
  if (!r) throw new AppError('rollout_not_found', `Rollout ${rolloutId} no longer exists.`);
  if (messageIndex !== null && messageIndex >= r.numMessages)
    throw new AppError('validation', `messageIndex: the rollout has ${r.numMessages} messages`, {
      field: 'messageIndex',
    });
  const text = body.trim();
  if (!text) throw new AppError('validation', 'body: write something', { field: 'body' });
  const at = nowIso(now);
  const id = await writeTransaction(raw, () =>
    Number(
      raw
        .prepare(
          `INSERT INTO "ReviewComment" (datasetId, rolloutId, messageIndex, authorKey, authorId, body, createdAt)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(r.datasetId, rolloutId, messageIndex, personKey(authorId), authorId, text, at).lastInsertRowid,
    ),
  );
  return listComments({ rolloutId }).find((c) => c.id === id)!;
}

/** Every comment on a rollout, oldest first (group by messageIndex for the threads). */
export function listComments({ rolloutId }: { rolloutId: number }): CommentRow[] {
  const rows = getDb()
    .raw.prepare(
      `SELECT id, rolloutId, messageIndex, authorKey, body, createdAt FROM "ReviewComment" WHERE rolloutId = ? ORDER BY id`,
    )
    .all(rolloutId) as (Omit<CommentRow, 'author'> & { authorKey: string })[];
  const names = loadPersonNames(rows.map((r) => r.authorKey));
  return rows.map(({ authorKey, ...c }) => ({ ...c, author: names.get(authorKey)! }));
}
