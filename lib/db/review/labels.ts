/**
 * A dataset's review labels. The first read of a dataset's labels seeds lib/review's DEFAULT_LABELS,
 * so every dataset starts with the six agent labels on keys 1–6; a curator edits the set as a whole
 * (saveLabels), checked by lib/review's labelSetSchema (unique ids, names and keys).
 */
import { DEFAULT_LABELS, labelSetSchema, type Label } from '../../review';
import { AppError } from '../../errors';
import { getDb } from '../client';
import { writeTransaction } from './write';

interface LabelRow {
  labelId: string;
  name: string;
  colour: string;
  key: number | null;
  description: string;
}

const toLabel = (r: LabelRow): Label => ({
  id: r.labelId,
  name: r.name,
  colour: r.colour,
  key: r.key,
  description: r.description,
});

function readLabels(datasetId: number): Label[] {
  return (
    getDb()
      .raw.prepare(
        `SELECT labelId, name, colour, key, description FROM "ReviewLabel" WHERE datasetId = ? ORDER BY position`,
      )
      .all(datasetId) as LabelRow[]
  ).map(toLabel);
}

function insertLabels(datasetId: number, labels: readonly Label[]): void {
  const insert = getDb().raw.prepare(
    `INSERT INTO "ReviewLabel" (datasetId, labelId, name, colour, key, description, position) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  labels.forEach((l, i) => insert.run(datasetId, l.id, l.name, l.colour, l.key, l.description, i));
}

const SEEDED = (datasetId: number) => `review-labels-seeded:${datasetId}`;

/**
 * The dataset's label set, in order; DEFAULT_LABELS on first use (seeded once: a curator who deletes
 * every label keeps an empty set).
 */
export async function listLabels({ datasetId }: { datasetId: number }): Promise<Label[]> {
  const { raw } = getDb();
  const seeded = raw.prepare(`SELECT 1 FROM "Setting" WHERE key = ?`).get(SEEDED(datasetId));
  if (seeded) return readLabels(datasetId);
  const exists = raw.prepare(`SELECT 1 FROM "Dataset" WHERE id = ?`).get(datasetId);
  if (!exists) throw new AppError('dataset_not_found', `Dataset ${datasetId} no longer exists.`);
  await writeTransaction(raw, () => {
    if (raw.prepare(`SELECT 1 FROM "Setting" WHERE key = ?`).get(SEEDED(datasetId))) return;
    if (readLabels(datasetId).length === 0) insertLabels(datasetId, DEFAULT_LABELS);
    raw.prepare(`INSERT INTO "Setting" (key, value) VALUES (?, ?)`).run(SEEDED(datasetId), new Date().toISOString());
  });
  return readLabels(datasetId);
}

/**
 * Replaces the dataset's label set. Reviews keep the label ids they stored: a removed label's id
 * stays in old reviews and is shown by its id.
 */
export async function saveLabels({ datasetId, labels }: { datasetId: number; labels: Label[] }): Promise<Label[]> {
  const parsed = labelSetSchema.safeParse(labels);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new AppError('validation', `labels${i.path.length ? `[${i.path.join('.')}]` : ''}: ${i.message}`);
  }
  await listLabels({ datasetId }); // seeds first, so an edit is never overwritten by the defaults
  const { raw } = getDb();
  await writeTransaction(raw, () => {
    raw.prepare(`DELETE FROM "ReviewLabel" WHERE datasetId = ?`).run(datasetId);
    insertLabels(datasetId, parsed.data);
  });
  return readLabels(datasetId);
}

/** The labels a queue offers: its subset of the dataset's set, in the set's order (all when empty). */
export function pickQueueLabels(all: readonly Label[], labelIds: readonly string[]): Label[] {
  if (labelIds.length === 0) return [...all];
  const wanted = new Set(labelIds);
  return all.filter((l) => wanted.has(l.id));
}
