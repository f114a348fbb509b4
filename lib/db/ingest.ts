/**
 * Lands a stream of rollouts in one SQLite transaction: the dataset (when new), the Import row and
 * every rollout commit together or not at all. A crash, a kill -9 or a strict-mode abort leaves the
 * database exactly as it was (SQLite rolls back the uncommitted WAL frames on the next open).
 */
import type { Rollout, ParseIssue } from '../formats/types';
import { getDb } from './client';
import { createRolloutWriter, type WriteCounts } from './bulk-insert';
import type { RolloutRow } from './rollout-row';

export interface IngestInput {
  datasetName: string;
  datasetDescription?: string;
  isSample?: boolean;
  fileName: string;
  size: number;
  sha256: string;
  format: string | null;
  formatReason: string | null;
  mode: 'skip-bad' | 'strict';
  jobId?: string | null;
  /** The account that started the import (null: the local owner). */
  createdById?: string | null;
  /** Add the rollouts to the search index (default true). The ingest benchmark turns it off to show its cost. */
  index?: boolean;
}

/** read, imported, skipped and duplicates count records of the file; rolloutCount counts rows stored. */
export interface IngestCounts {
  read: number;
  /** Records that stored at least one new rollout. */
  imported: number;
  skipped: number;
  /** Records whose rollouts were all in the dataset already. */
  duplicates: number;
  /** Rollouts stored (a preference record stores two). */
  rolloutCount: number;
  issues: ParseIssue[];
  issueCount: number;
  bytesRead: number;
}

/**
 * What `produce` reports. A producer whose records can yield several rollouts (preference pairs)
 * counts imported/duplicates per record itself; without them, each rollout is taken as one record.
 */
export type ProducedCounts = Omit<IngestCounts, 'imported' | 'duplicates' | 'rolloutCount'> &
  Partial<Pick<IngestCounts, 'imported' | 'duplicates'>>;

/** Max issues stored on an Import row; issueCount keeps the true number. */
export const MAX_STORED_ISSUES = 1000;

/**
 * `produce` pushes batches through `write` and returns the final counts of what it read. Any throw
 * (an expected AppError such as a strict abort or a cancel, or a crash) rolls everything back.
 */
export async function ingestInTransaction(
  input: IngestInput,
  produce: (
    write: (rollouts: Rollout[]) => WriteCounts,
    writeRows: (rows: RolloutRow[]) => WriteCounts,
  ) => Promise<ProducedCounts>,
): Promise<{ datasetId: number; importId: number; counts: IngestCounts }> {
  const { raw } = getDb();
  raw.pragma('busy_timeout = 600000'); // wait for another import's transaction instead of failing
  try {
    raw.exec('BEGIN IMMEDIATE');
    const now = new Date().toISOString();
    const existing = raw.prepare(`SELECT id FROM "Dataset" WHERE name = ?`).get(input.datasetName) as
      { id: number } | undefined;
    const datasetId =
      existing?.id ??
      Number(
        raw
          .prepare(`INSERT INTO "Dataset" (name, description, isSample, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`)
          .run(input.datasetName, input.datasetDescription ?? '', input.isSample ? 1 : 0, now, now).lastInsertRowid,
      );
    const importId = Number(
      raw
        .prepare(
          `INSERT INTO "Import" (datasetId, jobId, fileName, size, sha256, format, formatReason, mode, status, createdAt, createdById)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
        )
        .run(
          datasetId,
          input.jobId ?? null,
          input.fileName,
          input.size,
          input.sha256,
          input.format,
          input.formatReason,
          input.mode,
          now,
          input.createdById ?? null,
        ).lastInsertRowid,
    );
    const writer = createRolloutWriter(raw, { datasetId, importId, index: input.index });
    let inserted = 0;
    let duplicateRows = 0;
    const tally = (r: WriteCounts) => {
      inserted += r.inserted;
      duplicateRows += r.duplicates;
      return r;
    };
    const produced = await produce(
      (rollouts) => tally(writer.insert(rollouts)),
      (rows) => tally(writer.insertRows(rows)),
    );
    const counts: IngestCounts = {
      ...produced,
      imported: produced.imported ?? inserted,
      duplicates: produced.duplicates ?? duplicateRows,
      rolloutCount: inserted,
    };
    raw
      .prepare(
        `UPDATE "Import" SET status = 'done', bytesRead = ?, read = ?, imported = ?, skipped = ?, duplicates = ?, rolloutCount = ?, issueCount = ?, issues = ?, finishedAt = ? WHERE id = ?`,
      )
      .run(
        counts.bytesRead,
        counts.read,
        counts.imported,
        counts.skipped,
        counts.duplicates,
        counts.rolloutCount,
        counts.issueCount,
        JSON.stringify(counts.issues.slice(0, MAX_STORED_ISSUES)),
        new Date().toISOString(),
        importId,
      );
    raw.prepare(`UPDATE "Dataset" SET updatedAt = ? WHERE id = ?`).run(new Date().toISOString(), datasetId);
    raw.exec('COMMIT');
    return { datasetId, importId, counts };
  } catch (e) {
    if (raw.inTransaction) raw.exec('ROLLBACK');
    throw e;
  } finally {
    raw.pragma('busy_timeout = 5000');
  }
}
