/**
 * parseFile's batches flattened into database rows: the one parse loop of an import, run on the
 * main thread for small files (import-file.ts) and in the parse worker for large ones
 * (parse-worker.ts). It lives in lib/jobs because it joins lib/formats (parsing) and lib/db (row
 * layout), and lib/formats may not import lib/db.
 */
import { toRolloutRow, type RolloutRow } from '../db/rollout-row';
import { parseFile, type ParseSummary } from '../formats/parse-file';
import type { ParseIssue } from '../formats/types';

export interface ParseRowsInit {
  path: string;
  format: string;
  fileName: string;
  maxIssues: number;
}

export interface RowBatch {
  rows: RolloutRow[];
  /** source.record of each row (strict mode needs to know which records produced rollouts). */
  records: number[];
  issues: ParseIssue[];
  summary: ParseSummary;
  /** Bytes of the input read so far. */
  bytes: number;
}

export async function* parseFileToRows(init: ParseRowsInit): AsyncGenerator<RowBatch> {
  let bytes = 0;
  const batches = parseFile(init.path, {
    format: init.format,
    fileName: init.fileName,
    maxIssues: init.maxIssues,
    onProgress: (done) => {
      bytes = done;
    },
  });
  for await (const b of batches) {
    yield {
      rows: b.rollouts.map(toRolloutRow),
      records: b.rollouts.map((r) => r.source.record),
      issues: b.issues,
      summary: b.summary,
      bytes,
    };
  }
}
