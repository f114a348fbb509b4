/**
 * Review queues: created from a source (sources.ts) with their items in one short write
 * transaction, listed with their progress, read with their settings.
 *
 * Raw SQL on `raw`: the queue and its items (up to 100,000 rows) are written in one transaction
 * whose lock is polled for (write.ts), so creating a queue while an import writes never fails (1).
 */
import { AppError } from '../../errors';
import type { ConsensusRule, ItemKind, Label, ReviewItem } from '../../review';
import { getDb } from '../client';
import { listLabels, pickQueueLabels } from './labels';
import { loadPersonNames, nowIso, personKey } from './people';
import { collectQueueItems, describeSource, type QueueSource } from './sources';
import { writeTransaction } from './write';

export interface QueueRow {
  id: number;
  datasetId: number;
  datasetName: string;
  name: string;
  kind: ItemKind;
  source: Record<string, unknown>;
  overlap: number;
  instructions: string;
  /** [] = the dataset's whole label set. */
  labelIds: string[];
  blind: boolean;
  consensusRule: ConsensusRule;
  itemCount: number;
  /** User names; [] = anyone with the reviewer role. */
  assignees: { id: string; name: string }[];
  createdAt: string;
  createdBy: string;
}

interface RawQueue {
  id: number;
  datasetId: number;
  datasetName: string;
  name: string;
  kind: string;
  source: string;
  overlap: number;
  instructions: string;
  labelIds: string;
  blind: number;
  consensusRule: string;
  itemCount: number;
  createdAt: string;
  createdById: string | null;
}

const QUEUE_COLUMNS = `q.id, q.datasetId, d.name AS datasetName, q.name, q.kind, q.source, q.overlap, q.instructions,
  q.labelIds, q.blind, q.consensusRule, q.itemCount, q.createdAt, q.createdById`;

function toQueue(r: RawQueue, assignees: { id: string; name: string }[], creator: string): QueueRow {
  return {
    id: r.id,
    datasetId: r.datasetId,
    datasetName: r.datasetName,
    name: r.name,
    kind: r.kind as ItemKind,
    source: JSON.parse(r.source) as Record<string, unknown>,
    overlap: r.overlap,
    instructions: r.instructions,
    labelIds: JSON.parse(r.labelIds) as string[],
    blind: r.blind === 1,
    consensusRule: r.consensusRule as ConsensusRule,
    itemCount: r.itemCount,
    assignees,
    createdAt: r.createdAt,
    createdBy: creator,
  };
}

function assigneesOf(queueIds: number[]): Map<number, { id: string; name: string }[]> {
  const out = new Map<number, { id: string; name: string }[]>();
  if (queueIds.length === 0) return out;
  const rows = getDb()
    .raw.prepare(
      `SELECT a.queueId, u.id, coalesce(u.username, u.name) AS name FROM "ReviewAssignee" a JOIN "User" u ON u.id = a.userId
       WHERE a.queueId IN (${queueIds.map(() => '?').join(',')}) ORDER BY name`,
    )
    .all(...queueIds) as { queueId: number; id: string; name: string }[];
  for (const r of rows) {
    const list = out.get(r.queueId) ?? [];
    list.push({ id: r.id, name: r.name });
    out.set(r.queueId, list);
  }
  return out;
}

function rowsToQueues(rows: RawQueue[]): QueueRow[] {
  const assignees = assigneesOf(rows.map((r) => r.id));
  const names = loadPersonNames(rows.map((r) => personKey(r.createdById)));
  return rows.map((r) => toQueue(r, assignees.get(r.id) ?? [], names.get(personKey(r.createdById))!));
}

export async function listQueues({ datasetId }: { datasetId?: number } = {}): Promise<QueueRow[]> {
  const rows = getDb()
    .raw.prepare(
      `SELECT ${QUEUE_COLUMNS} FROM "ReviewQueue" q JOIN "Dataset" d ON d.id = q.datasetId
       ${datasetId === undefined ? '' : 'WHERE q.datasetId = ?'} ORDER BY q.createdAt DESC, q.id DESC`,
    )
    .all(...(datasetId === undefined ? [] : [datasetId])) as RawQueue[];
  return rowsToQueues(rows);
}

export async function getQueue({ id }: { id: number }): Promise<QueueRow | null> {
  const row = getDb()
    .raw.prepare(`SELECT ${QUEUE_COLUMNS} FROM "ReviewQueue" q JOIN "Dataset" d ON d.id = q.datasetId WHERE q.id = ?`)
    .get(id) as RawQueue | undefined;
  return row ? rowsToQueues([row])[0] : null;
}

/** getQueue, or AppError queue_not_found. */
export async function requireQueue({ id }: { id: number }): Promise<QueueRow> {
  const q = await getQueue({ id });
  if (!q) throw new AppError('queue_not_found', `Review queue ${id} does not exist (any more).`);
  return q;
}

export async function getQueueByName({ datasetId, name }: { datasetId?: number; name: string }): Promise<QueueRow> {
  const rows = getDb()
    .raw.prepare(
      `SELECT ${QUEUE_COLUMNS} FROM "ReviewQueue" q JOIN "Dataset" d ON d.id = q.datasetId
       WHERE q.name = ? ${datasetId === undefined ? '' : 'AND q.datasetId = ?'} ORDER BY q.id`,
    )
    .all(name, ...(datasetId === undefined ? [] : [datasetId])) as RawQueue[];
  if (rows.length === 0)
    throw new AppError('queue_not_found', `No review queue named "${name}" (see: sift review queues).`);
  if (rows.length > 1)
    throw new AppError(
      'usage',
      `${rows.length} queues are named "${name}" (in ${rows.map((r) => r.datasetName).join(', ')}): give its id.`,
    );
  return rowsToQueues(rows)[0];
}

/** The labels a queue offers reviewers. */
export async function listQueueLabels(queue: Pick<QueueRow, 'datasetId' | 'labelIds'>): Promise<Label[]> {
  return pickQueueLabels(await listLabels({ datasetId: queue.datasetId }), queue.labelIds);
}

export interface CreateQueueArgs {
  datasetId: number;
  name: string;
  kind: ItemKind;
  source: QueueSource;
  sample?: { n: number; seed: number } | null;
  overlap: number;
  instructions?: string;
  labelIds?: string[];
  blind?: boolean;
  consensusRule?: ConsensusRule;
  /** User names ([] = anyone with the reviewer role). */
  assignees?: string[];
  createdById?: string | null;
  now?: Date;
}

function resolveAssignees(names: readonly string[]): string[] {
  const ids: string[] = [];
  for (const name of names) {
    const row = getDb()
      .raw.prepare(`SELECT id, role FROM "User" WHERE username = ? OR (username IS NULL AND name = ?)`)
      .get(name.trim().toLowerCase(), name) as { id: string; role: string | null } | undefined;
    if (!row)
      throw new AppError('user_not_found', `No user named "${name}" to assign (see: sift users list).`, {
        field: 'assignees',
      });
    if (row.role === 'viewer')
      throw new AppError('validation', `${name} is a viewer: only reviewers, curators and admins review.`, {
        field: 'assignees',
      });
    ids.push(row.id);
  }
  return [...new Set(ids)];
}

/** Creates a queue and its items; returns the queue and how many items it holds. */
export async function createQueue(args: CreateQueueArgs): Promise<{ queue: QueueRow; items: number }> {
  const { raw } = getDb();
  const dataset = raw.prepare(`SELECT id FROM "Dataset" WHERE id = ?`).get(args.datasetId);
  if (!dataset) throw new AppError('dataset_not_found', `Dataset ${args.datasetId} no longer exists.`);
  const labels = await listLabels({ datasetId: args.datasetId });
  const unknown = (args.labelIds ?? []).find((id) => !labels.some((l) => l.id === id));
  if (unknown)
    throw new AppError('validation', `No label ${unknown} in this dataset's label set.`, { field: 'labelIds' });
  const assignees = resolveAssignees(args.assignees ?? []);
  const items = await collectQueueItems(args);
  const at = nowIso(args.now);
  const id = await writeTransaction(raw, () => {
    const taken = raw
      .prepare(`SELECT 1 FROM "ReviewQueue" WHERE datasetId = ? AND name = ?`)
      .get(args.datasetId, args.name);
    if (taken)
      throw new AppError('name_taken', `This dataset already has a review queue named "${args.name}".`, {
        field: 'name',
      });
    const q = raw
      .prepare(
        `INSERT INTO "ReviewQueue" (datasetId, name, kind, source, overlap, instructions, labelIds, blind, consensusRule,
           itemCount, createdAt, updatedAt, createdById) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        args.datasetId,
        args.name,
        args.kind,
        JSON.stringify({ ...describeSource(args.source), ...(args.sample ? { sample: args.sample } : {}) }),
        args.overlap,
        args.instructions ?? '',
        JSON.stringify(args.labelIds ?? []),
        args.blind === false ? 0 : 1,
        args.consensusRule ?? 'majority',
        items.length,
        at,
        at,
        args.createdById ?? null,
      );
    const queueId = Number(q.lastInsertRowid);
    const insert = raw.prepare(
      `INSERT INTO "ReviewItem" (queueId, position, rolloutId, rolloutIds, submitted, open) VALUES (?, ?, ?, ?, 0, 1)`,
    );
    items.forEach((ids, position) => insert.run(queueId, position, ids[0], JSON.stringify(ids)));
    const assign = raw.prepare(`INSERT INTO "ReviewAssignee" (queueId, userId) VALUES (?, ?)`);
    for (const userId of assignees) assign.run(queueId, userId);
    return queueId;
  });
  return { queue: (await getQueue({ id }))!, items: items.length };
}

/** Deletes a queue with its items, leases, reviews, events and adjudications. */
export async function deleteQueue({ id }: { id: number }): Promise<void> {
  const { raw } = getDb();
  const changes = await writeTransaction(
    raw,
    () => raw.prepare(`DELETE FROM "ReviewQueue" WHERE id = ?`).run(id).changes,
  );
  if (changes === 0) throw new AppError('queue_not_found', `Review queue ${id} does not exist (any more).`);
}

/** A stored item as lib/review's ReviewItem (ids as text). */
export function toReviewItem(kind: ItemKind, itemId: number, rolloutIds: number[]): ReviewItem {
  const id = String(itemId);
  const ids = rolloutIds.map(String);
  if (kind === 'pair') return { id, kind, chosen: ids[0], rejected: ids[1] };
  if (kind === 'group') return { id, kind, rolloutIds: ids };
  return { id, kind: 'rollout', rolloutId: ids[0] };
}

export interface QueueItemRow {
  id: number;
  position: number;
  rolloutIds: number[];
  assigneeId: string | null;
  submitted: number;
}

/** Every item of a queue, in order. */
export function listQueueItems({ queueId }: { queueId: number }): QueueItemRow[] {
  return (
    getDb()
      .raw.prepare(
        `SELECT id, position, rolloutIds, assigneeId, submitted FROM "ReviewItem" WHERE queueId = ? ORDER BY position`,
      )
      .all(queueId) as {
      id: number;
      position: number;
      rolloutIds: string;
      assigneeId: string | null;
      submitted: number;
    }[]
  ).map((r) => ({ ...r, rolloutIds: JSON.parse(r.rolloutIds) as number[] }));
}

/** Assigns items to one user (per-item assignment; null gives them back to the queue's assignees). */
export async function assignItems({
  queueId,
  itemIds,
  username,
}: {
  queueId: number;
  itemIds: number[];
  username: string | null;
}): Promise<number> {
  const userId = username === null ? null : resolveAssignees([username])[0];
  const { raw } = getDb();
  return writeTransaction(raw, () => {
    const update = raw.prepare(`UPDATE "ReviewItem" SET assigneeId = ? WHERE queueId = ? AND id = ?`);
    let n = 0;
    for (const id of itemIds) n += update.run(userId, queueId, id).changes;
    return n;
  });
}
