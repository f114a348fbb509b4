/**
 * Token analyses: the inputs of an analysis (a dataset's rollouts) and its stored outcomes. An
 * analysis is a `tokens` job; its aggregate result (lib/token-stats/analysis.ts) lives in Job.result
 * (per-rollout stats live in the TokenCount cache, see token-cache.ts).
 */
import { isTokenAnalysisResult, type TokenAnalysisResult } from '../token-stats/analysis';
import { getDb } from './client';
import { getJob, type JobRow } from './jobs';

export interface RolloutKeyRow {
  id: number;
  contentHash: string;
}

/** Every rollout of a dataset, id and content hash only (cheap: no bodies). */
export function listRolloutKeys({ datasetId }: { datasetId: number }): RolloutKeyRow[] {
  return getDb()
    .raw.prepare(`SELECT id, contentHash FROM "Rollout" WHERE datasetId = ? ORDER BY id`)
    .all(datasetId) as RolloutKeyRow[];
}

export interface StoredRolloutTextRow {
  id: number;
  contentHash: string;
  messages: string;
  tools: string | null;
  meta: string | null;
  promptLength: number | null;
}

/** The stored JSON text of the given rollouts' conversations, in the order of `ids` (the caller chunks). */
export function loadRolloutTexts({ ids }: { ids: readonly number[] }): StoredRolloutTextRow[] {
  if (ids.length === 0) return [];
  const out = new Map<number, StoredRolloutTextRow>();
  const { raw } = getDb();
  for (let i = 0; i < ids.length; i += 900) {
    const chunk = ids.slice(i, i + 900);
    const rows = raw
      .prepare(
        `SELECT r.id, r.contentHash, r.promptLength, b.messages, b.tools, b.meta
           FROM "Rollout" r LEFT JOIN "RolloutBody" b ON b.rolloutId = r.id
          WHERE r.id IN (${chunk.map(() => '?').join(',')})`,
      )
      .all(...chunk) as (Omit<StoredRolloutTextRow, 'messages'> & { messages: string | null })[];
    for (const r of rows) out.set(r.id, { ...r, messages: r.messages ?? '[]' });
  }
  return ids.flatMap((id) => out.get(id) ?? []);
}

/** Rollout ids with their external id and task, for the zero-trained list. */
export async function listRolloutLabels({ datasetId, ids }: { datasetId: number; ids: number[] }) {
  return getDb().prisma.rollout.findMany({
    where: { datasetId, id: { in: ids } },
    select: { id: true, externalId: true, taskId: true, trial: true, reward: true, numMessages: true },
    orderBy: { id: 'asc' },
  });
}

/** Ids of `tokens` jobs (newest first), optionally of one dataset and status. */
function tokenJobIds({ datasetId, status, limit }: { datasetId?: number; status?: string; limit: number }): string[] {
  const where = [`kind = 'tokens'`];
  const args: (string | number)[] = [];
  if (datasetId !== undefined) {
    where.push(`json_extract(payload, '$.datasetId') = ?`);
    args.push(datasetId);
  }
  if (status) {
    where.push('status = ?');
    args.push(status);
  }
  args.push(limit);
  const rows = getDb()
    .raw.prepare(`SELECT id FROM "Job" WHERE ${where.join(' AND ')} ORDER BY createdAt DESC, rowid DESC LIMIT ?`)
    .all(...args) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Recent analyses (any status), newest first. */
export async function listTokenAnalyses({
  datasetId,
  limit = 20,
}: { datasetId?: number; limit?: number } = {}): Promise<JobRow[]> {
  const ids = tokenJobIds({ datasetId, limit });
  const jobs = await Promise.all(ids.map((id) => getJob({ id })));
  return jobs.filter((j): j is JobRow => j !== null);
}

export interface StoredTokenAnalysis {
  jobId: string;
  createdAt: Date;
  finishedAt: Date | null;
  result: TokenAnalysisResult;
}

/**
 * The newest finished analysis of a dataset, or null. Exports record it in their manifest
 * (tokenizer, template, the export shape it measured); curation passes
 * `{ datasetId, scope: result.cacheScope, removeSystemMessages: options.removeSystemMessages }` to
 * getTokenTotals().
 */
export async function getLatestTokenAnalysis({
  datasetId,
}: {
  datasetId: number;
}): Promise<StoredTokenAnalysis | null> {
  const [id] = tokenJobIds({ datasetId, status: 'done', limit: 1 });
  const job = id ? await getJob({ id }) : null;
  if (!job || !isTokenAnalysisResult(job.result)) return null;
  return { jobId: job.id, createdAt: job.createdAt, finishedAt: job.finishedAt, result: job.result };
}
