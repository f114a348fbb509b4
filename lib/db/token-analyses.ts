/**
 * Token analyses: the inputs of an analysis (a dataset's rollouts) and its stored outcomes. An
 * analysis is a `tokens` job; its aggregate result lives in Job.result (per-rollout stats live in
 * the TokenCount cache, see token-cache.ts).
 */
import type { Summary, TokenHistogram, TokenQuantity, TrainMask, TruncationStep } from '../token-report';
import type { ShapeSpec } from '../token-report/shape';
import { getDb } from './client';
import { getJob, type JobRow } from './jobs';

export type { TokenHistogram, TokenQuantity };
export type TokenMask = TrainMask;

/** What the user chose (the custom template's text stays in the job payload, not here). */
export interface TokenAnalysisOptions {
  /** 'qwen3' | 'llama3' | a tokenizer folder. */
  tokenizer: string;
  /** File name of the uploaded custom chat template, when one was given. */
  chatTemplateName?: string;
  /** The export whose conversations were measured (format + the options that shape them). */
  shape: Required<ShapeSpec>;
  /** Seeded sample size; undefined = every rollout. */
  numSamples?: number;
  seed: number;
  /** The figures below are without the system prompt (both are computed; the page can switch). */
  removeSystemMessages: boolean;
  numSteps: number;
  /** Allowed share of trained tokens lost, e.g. 0.01. */
  lossBudget: number;
  mask: TokenMask;
  /** max_length to evaluate zero-trained examples at; undefined = the recommended one. */
  maxLength?: number;
}

/**
 * Job.result of a finished `tokens` job: aggregates at the chosen options (per-rollout results are
 * in TokenCount, and the analysis' columns in a file beside the database, see lib/jobs/token-columns.ts).
 */
export interface TokenAnalysisResult {
  version: 2;
  datasetId: number;
  datasetName: string;
  options: TokenAnalysisOptions;
  /** Tokenizer id as described (bundled id or absolute folder). */
  tokenizer: string;
  /** id@fingerprint. */
  tokenizerKey: string;
  templateHash: string;
  isCustomTemplate: boolean;
  /** export-shape shapeKey() and its description: which conversations were counted. */
  shapeKey: string;
  shapeDescription: string;
  /** TokenCount scope of the per-rollout results (what getTokenTotals() takes). */
  cacheScope: { tokenizerId: string; templateHash: string };
  /** Rollouts in the dataset, and analysed successfully. */
  datasetRollouts: number;
  rollouts: number;
  /** Rollouts the export leaves out (no assistant turn…), not counted. */
  skipped: number;
  cached: number;
  failed: number;
  /** The first few per-rollout failures. */
  errors: { rolloutId: number; code: string; message: string }[];
  /** Template-level warnings, e.g. "template ignores tools". */
  warnings: string[];
  /** Rollouts whose counts without the system prompt are unknown (the switch leaves them as rendered). */
  noSysUnknown: number;
  /** Sum of rendered tokens over the analysed rollouts. */
  totalTokens: number;
  trainedTokens: Record<TrainMask, number>;
  stats: Record<TokenQuantity, Summary>;
  histograms: Record<TokenQuantity, TokenHistogram>;
  truncation: TruncationStep[];
  recommendedMaxLength: number;
  zeroTrained: { maxLength: number; mask: TokenMask; count: number; ids: number[]; idsCapped: boolean };
  /** The columns file of this analysis (relative to the data folder), when it was written. */
  columnsFile?: string;
  durationMs: number;
}

/** The payload error of a failed `tokens` job (Job.result), so the UI can branch on `code`. */
export interface TokenAnalysisFailure {
  kind: 'error';
  code: string;
  message: string;
  file?: string;
  line?: number;
}

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

export function isTokenAnalysisResult(v: unknown): v is TokenAnalysisResult {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { version?: unknown }).version === 2 &&
    typeof (v as { templateHash?: unknown }).templateHash === 'string'
  );
}
