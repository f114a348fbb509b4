/**
 * The metadata importers kept on rollouts (RolloutBody.meta), read for a sample: enough to show
 * what an export's defaults will be (verl's data_source, a ground-truth field's coverage) without
 * reading a whole dataset's bodies.
 */
import { getDb } from './client';

/** The meta objects of the dataset's first `limit` rollouts (by id). */
export async function sampleRolloutMeta({
  datasetId,
  limit = 500,
}: {
  datasetId: number;
  limit?: number;
}): Promise<Record<string, unknown>[]> {
  const rows = getDb()
    .raw.prepare(
      `SELECT b.meta AS meta FROM "Rollout" r JOIN "RolloutBody" b ON b.rolloutId = r.id
       WHERE r.datasetId = ? ORDER BY r.id LIMIT ?`,
    )
    .all(datasetId, limit) as { meta: string }[];
  return rows.map((r) => {
    try {
      const v: unknown = JSON.parse(r.meta);
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  });
}
