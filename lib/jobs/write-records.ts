/**
 * Writes a batch's rows and counts what the user's file holds: RECORDS. A record is imported when
 * at least one of its rollouts was new, a duplicate when every one was already in the dataset, so
 * read = imported + skipped + duplicates holds for every format, preference pairs included; the
 * rollouts stored are counted beside them.
 */
import type { WriteCounts } from '../db/bulk-insert';
import type { RolloutRow } from '../db/rollout-row';
import type { RowBatch } from './parse-rows';

export interface RecordCounts {
  imported: number;
  duplicates: number;
  /** Rollouts stored. */
  rollouts: number;
}

export function writeRecords(
  batch: Pick<RowBatch, 'rows' | 'records'>,
  writeRows: (rows: RolloutRow[]) => WriteCounts,
): RecordCounts {
  const { rows, records } = batch;
  // parseFile yields a record's rollouts together and in order, so one record = one run of equal ids.
  if (isOneRowPerRecord(records)) {
    const w = writeRows(rows);
    return { imported: w.inserted, duplicates: w.duplicates, rollouts: w.inserted };
  }
  const out: RecordCounts = { imported: 0, duplicates: 0, rollouts: 0 };
  for (let i = 0; i < rows.length;) {
    let j = i + 1;
    while (j < rows.length && records[j] === records[i]) j++;
    const w = writeRows(rows.slice(i, j));
    if (w.inserted > 0) out.imported++;
    else out.duplicates++;
    out.rollouts += w.inserted;
    i = j;
  }
  return out;
}

/** The common case, written in one call so the insert loop stays as fast as before. */
function isOneRowPerRecord(records: number[]): boolean {
  for (let k = 1; k < records.length; k++) if (records[k] === records[k - 1]) return false;
  return true;
}
