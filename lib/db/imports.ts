/**
 * The Import aggregate: one row per file that landed in a dataset (written by lib/db/ingest.ts inside
 * the import's transaction, so a row exists only for imports that committed).
 */
import type { ParseIssue } from '../formats/types';
import { getDb } from './client';

/** Records of the file (read = imported + skipped + duplicates), and the rollouts stored. */
export interface ImportCounts {
  read: number;
  imported: number;
  skipped: number;
  duplicates: number;
  /** null for imports made before rollouts were counted apart (imported/duplicates counted rollouts). */
  rolloutCount: number | null;
  issueCount: number;
}

export interface ImportSummary extends ImportCounts {
  id: number;
  datasetId: number;
  datasetName: string;
  jobId: string | null;
  fileName: string;
  size: number;
  sha256: string;
  format: string | null;
  formatReason: string | null;
  mode: string;
  status: string;
  bytesRead: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ImportDetail extends ImportSummary {
  /** Capped at MAX_STORED_ISSUES (lib/db/ingest.ts); `issueCount` has the true number. */
  issues: ParseIssue[];
}

const summarySelect = {
  id: true,
  datasetId: true,
  jobId: true,
  fileName: true,
  size: true,
  sha256: true,
  format: true,
  formatReason: true,
  mode: true,
  status: true,
  bytesRead: true,
  read: true,
  imported: true,
  skipped: true,
  duplicates: true,
  rolloutCount: true,
  issueCount: true,
  createdAt: true,
  finishedAt: true,
  dataset: { select: { name: true } },
} as const;

type SummaryRow = { dataset: { name: string } } & Omit<ImportSummary, 'datasetName'>;

function toSummary({ dataset, ...row }: SummaryRow): ImportSummary {
  return { ...row, datasetName: dataset.name };
}

/** The committed import of this file (same sha256) into the dataset, if any: the re-upload no-op. */
export async function findImportOfFile({
  sha256,
  datasetId,
  datasetName,
}: {
  sha256: string;
  datasetId?: number;
  datasetName?: string;
}): Promise<ImportSummary | null> {
  const where =
    datasetId !== undefined ? { datasetId } : datasetName !== undefined ? { dataset: { name: datasetName } } : null;
  if (!where) return null;
  const row = await getDb().prisma.import.findFirst({
    where: { ...where, sha256, status: 'done' },
    orderBy: { createdAt: 'desc' },
    select: summarySelect,
  });
  return row ? toSummary(row) : null;
}

export async function getImport({ id }: { id: number }): Promise<ImportDetail | null> {
  const row = await getDb().prisma.import.findUnique({ where: { id }, select: { ...summarySelect, issues: true } });
  if (!row) return null;
  const { issues, ...rest } = row;
  return { ...toSummary(rest), issues: JSON.parse(issues) as ParseIssue[] };
}

export async function getImportByJob({ jobId }: { jobId: string }): Promise<ImportDetail | null> {
  const row = await getDb().prisma.import.findUnique({ where: { jobId }, select: { id: true } });
  return row ? getImport({ id: row.id }) : null;
}

export async function listImports({
  datasetId,
  limit = 50,
}: {
  datasetId: number;
  limit?: number;
}): Promise<ImportSummary[]> {
  const rows = await getDb().prisma.import.findMany({
    where: { datasetId },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: summarySelect,
  });
  return rows.map(toSummary);
}

/**
 * Marks an import's Job done *inside the import's transaction* (call it from ingestInTransaction's
 * `produce`, on the same connection): the job's status commits with the rollouts, so no other
 * writer can slip in between "rows committed" and "job done", and a kill before COMMIT loses both.
 * Returns the ids the import was given.
 */
export function completeImportJobInTransaction({
  jobId,
  result,
}: {
  jobId: string;
  result: (ids: { importId: number; datasetId: number }) => unknown;
}): {
  importId: number;
  datasetId: number;
} {
  const { raw } = getDb();
  if (!raw.inTransaction) throw new Error('completeImportJobInTransaction must run inside the import transaction');
  const row = raw.prepare(`SELECT id, datasetId FROM "Import" WHERE jobId = ?`).get(jobId) as
    { id: number; datasetId: number } | undefined;
  if (!row) throw new Error(`no Import row for job ${jobId} in this transaction`);
  const ids = { importId: row.id, datasetId: row.datasetId };
  const now = new Date().toISOString();
  raw
    .prepare(
      `UPDATE "Job" SET status = 'done', progress = 1, result = ?, error = NULL, finishedAt = ?, heartbeatAt = ? WHERE id = ?`,
    )
    .run(JSON.stringify(result(ids)), now, now, jobId);
  return ids;
}
