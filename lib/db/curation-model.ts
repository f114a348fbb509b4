/**
 * Builds the columnar curation model of a dataset straight from the scalar Rollout columns (never
 * the bodies), through the raw handle: Prisma's per-row mapping would dominate at 1M rows. The model
 * is cached per dataset and rebuilt when the dataset's rollouts change (count or max id differ).
 * The curate page ships it to the browser once; the export selects rows with the very same model,
 * so what the page previews is what the export writes.
 */
import { ModelBuilder, type CurationModel } from '../curation';
import { getDb } from './client';

interface Cached {
  key: string;
  model: CurationModel;
  /** Rollout.id per model row (the model's ids are the same numbers as strings). */
  rowIds: Int32Array;
}

const cache = new Map<number, Cached>();

function versionKey(datasetId: number): string {
  const v = getDb()
    .raw.prepare(`SELECT count(*) AS n, max(id) AS maxId FROM "Rollout" WHERE datasetId = ?`)
    .get(datasetId) as { n: number; maxId: number | null };
  return `${v.n}:${v.maxId ?? 0}`;
}

/** The dataset's model, rows in Rollout.id order. */
export function loadCurationModel({ datasetId }: { datasetId: number }): { model: CurationModel; rowIds: Int32Array } {
  const key = versionKey(datasetId);
  const hit = cache.get(datasetId);
  if (hit && hit.key === key) return hit;
  const n = Number(key.split(':')[0]);
  const builder = new ModelBuilder(n);
  const rowIds = new Int32Array(n);
  let i = 0;
  const rows = getDb()
    .raw.prepare(
      `SELECT id, reward, success, taskId, promptKey, split, metrics, numTurns, numToolCalls FROM "Rollout" WHERE datasetId = ? ORDER BY id`,
    )
    .raw(true)
    .iterate(datasetId) as IterableIterator<
    [number, number | null, number | null, string | null, string, string | null, string, number, number]
  >;
  for (const [id, reward, success, taskId, promptKey, split, metrics, turns, toolCalls] of rows) {
    if (i < n) rowIds[i] = id;
    i++;
    builder.add({
      id: String(id),
      reward,
      success: success == null ? null : success === 1,
      taskId,
      promptKey,
      split,
      metrics: metrics === '{}' ? {} : (JSON.parse(metrics) as Record<string, number>),
      turns,
      toolCalls,
    });
  }
  const entry = { key, model: builder.finish(), rowIds: i === n ? rowIds : rowIds.slice(0, i) };
  cache.set(datasetId, entry);
  return entry;
}
