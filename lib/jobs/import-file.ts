/**
 * The import core shared by the CLI (`sift import`, in-process) and the import job (a spawned
 * process): hash → re-upload check → detect → stream parse → one transaction (lib/db/ingest.ts).
 *
 * Invariants:
 * - Memory stays flat: records flow through in batches; at most MAX_STORED_ISSUES issues are kept.
 * - A file lands whole or not at all. Strict aborts, cancels, "no rollouts at all" and crashes roll
 *   back, so the same import can simply be run again.
 * - Counts are honest and in one unit, records: read = imported + skipped + duplicates for every
 *   format; the rollouts stored are counted beside them (a preference pair record stores two).
 *   Every skipped record has at least one issue {record, line, path, message}.
 */
import fs from 'node:fs/promises';
import nodePath from 'node:path';
import { FormatError, resolveFormat } from '../formats/parse-file';
import type { Candidate } from '../formats/detect';
import type { ParseIssue } from '../formats/types';
import { AppError, type ErrorCode, type ErrorDetails } from '../errors';
import { getDataset } from '../db/datasets';
import { findImportOfFile } from '../db/imports';
import { ingestInTransaction, MAX_STORED_ISSUES } from '../db/ingest';
import { warmDatasetCaches } from '../db/overview';
import { parseFileInWorker, WORKER_MIN_BYTES } from './parse-in-worker';
import { parseFileToRows } from './parse-rows';
import { writeRecords } from './write-records';
import { isBusyError } from './busy';
import { hashFile, listFiles } from './file-hash';

export type ImportMode = 'skip-bad' | 'strict';

/** Records of the file (read = imported + skipped + duplicates), and the rollouts stored beside them. */
export interface ImportCounts {
  /** Records read from the file, bad ones included. */
  read: number;
  /** Records that stored at least one new rollout. */
  imported: number;
  /** Records that produced no rollout (each has an issue). */
  skipped: number;
  /** Records whose rollouts were all in the dataset already (same content hash): nothing stored. */
  duplicates: number;
  /** Rollouts newly stored (two per imported record for preference pairs). */
  rollouts: number;
  /** All issues, also those beyond the stored list. */
  issueCount: number;
}

export interface ImportProgress {
  phase: 'hashing' | 'waiting' | 'importing';
  bytesDone: number;
  bytesTotal: number;
  records: number;
  /** Rollouts stored so far (two per record for preference pairs). */
  rollouts: number;
  /** records per second since the parse started */
  rate: number;
  /** seconds left, estimated from bytes */
  eta?: number;
  fraction: number;
  message: string;
}

export interface ImportFileOptions {
  path: string;
  /** The name the user knows the file by (uploads are stored under another name). */
  fileName?: string;
  /** Target dataset by name (created when missing) ... */
  datasetName?: string;
  /** ... or an existing dataset by id (wins over the name). */
  datasetId?: number;
  /** A format id: skips detection. */
  format?: string;
  mode?: ImportMode;
  /** Import even when the same file (sha256) already landed in the dataset. */
  force?: boolean;
  /** Precomputed by the upload route; computed here (one streaming pass) when absent. */
  sha256?: string;
  jobId?: string;
  /** The account that started it (null or absent: the local owner). */
  createdById?: string | null;
  onProgress?(p: ImportProgress): void;
  /** Polled between batches; true rolls the import back. */
  isCanceled?(): boolean;
  /** Parse on this thread even for a large file (by default those parse in a worker thread). */
  inProcess?: boolean;
  /** Runs inside the transaction just before COMMIT (the job marks itself done here). */
  beforeCommit?(outcome: { counts: ImportCounts; format: string; reason: string }): void;
}

export type ImportOutcome =
  | {
      status: 'imported';
      file: string;
      importId: number;
      datasetId: number;
      datasetName: string;
      format: string;
      reason: string;
      sha256: string;
      counts: ImportCounts;
      /** Up to MAX_STORED_ISSUES; counts.issueCount has the true number. */
      issues: ParseIssue[];
      seconds: number;
    }
  | {
      status: 'already-imported';
      file: string;
      sha256: string;
      previous: { importId: number; datasetId: number; datasetName: string; jobId: string | null; createdAt: string };
    };

export type ImportErrorCode = Extract<
  ErrorCode,
  'unknown_format' | 'strict_abort' | 'no_rollouts' | 'canceled' | 'dataset_not_found' | 'unreadable'
>;

export interface ImportErrorDetails extends ErrorDetails {
  candidates?: Candidate[];
  format?: string;
  reason?: string;
  /** strict_abort: the first bad record. */
  issue?: ParseIssue;
  counts?: ImportCounts;
  /** no_rollouts: the first issues, to show why. */
  issues?: ParseIssue[];
}

/** An expected failure: nothing was stored. `code` is what UIs branch on. */
export class ImportError extends AppError<ImportErrorCode, ImportErrorDetails> {
  constructor(code: ImportErrorCode, message: string, details: ImportErrorDetails = {}) {
    super(code, message, details);
    this.name = 'ImportError';
  }
}

function describeIssue(i: ParseIssue): string {
  return `record ${i.record}${i.line !== undefined ? ` (line ${i.line})` : ''} at ${i.path}: ${i.message}`;
}

export async function importFile(opts: ImportFileOptions): Promise<ImportOutcome> {
  const file = opts.fileName ?? nodePath.basename(opts.path);
  const mode = opts.mode ?? 'skip-bad';
  const report = opts.onProgress ?? (() => {});

  let datasetName = opts.datasetName;
  if (opts.datasetId !== undefined) {
    const ds = await getDataset({ id: opts.datasetId });
    if (!ds) throw new ImportError('dataset_not_found', `dataset ${opts.datasetId} does not exist (deleted?)`);
    datasetName = ds.name;
  }
  if (!datasetName) throw new ImportError('dataset_not_found', 'no dataset given (a name or an id)');

  let size: number;
  let sha256 = opts.sha256;
  try {
    if (sha256)
      size = (await Promise.all((await listFiles(opts.path)).map((f) => fs.stat(f)))).reduce((s, st) => s + st.size, 0);
    else {
      const h = await hashFile(opts.path, (done, total) =>
        report({
          phase: 'hashing',
          bytesDone: done,
          bytesTotal: total,
          records: 0,
          rollouts: 0,
          rate: 0,
          fraction: 0,
          message: 'Checking whether this file was imported before…',
        }),
      );
      sha256 = h.sha256;
      size = h.size;
    }
  } catch (e) {
    throw new ImportError('unreadable', `cannot read ${file}: ${(e as Error).message}`);
  }

  if (!opts.force) {
    const prev = await findImportOfFile({ sha256, datasetId: opts.datasetId, datasetName });
    if (prev) {
      return {
        status: 'already-imported',
        file,
        sha256,
        previous: {
          importId: prev.id,
          datasetId: prev.datasetId,
          datasetName: prev.datasetName,
          jobId: prev.jobId,
          createdAt: prev.createdAt.toISOString(),
        },
      };
    }
  }

  let resolved: Awaited<ReturnType<typeof resolveFormat>>;
  try {
    resolved = await resolveFormat(opts.path, { format: opts.format, fileName: file });
  } catch (e) {
    if (e instanceof FormatError)
      throw new ImportError('unknown_format', e.message, { candidates: e.details.candidates });
    throw new ImportError('unreadable', `cannot read ${file}: ${(e as Error).message}`);
  }
  const format = resolved.format.id;
  const reason = resolved.reason;

  const issues: ParseIssue[] = [];
  const counts: ImportCounts = { read: 0, imported: 0, skipped: 0, duplicates: 0, rollouts: 0, issueCount: 0 };
  const started = Date.now();
  let bytesDone = 0;
  const progress = (phase: ImportProgress['phase'], message: string) => {
    const secs = Math.max((Date.now() - started) / 1000, 1e-3);
    const fraction = size > 0 ? Math.min(bytesDone / size, 1) : 0;
    const eta = bytesDone > 0 && bytesDone < size ? (secs * (size - bytesDone)) / bytesDone : undefined;
    report({
      phase,
      bytesDone,
      bytesTotal: size,
      records: counts.read,
      rollouts: counts.rollouts,
      rate: counts.read / secs,
      eta,
      fraction,
      message,
    });
  };

  report({
    phase: 'waiting',
    bytesDone: 0,
    bytesTotal: size,
    records: 0,
    rollouts: 0,
    rate: 0,
    fraction: 0,
    message: 'Waiting for the database (another import may be writing)…',
  });
  for (;;) {
    let began = false;
    try {
      const landed = await ingestInTransaction(
        {
          datasetName,
          fileName: file,
          size,
          sha256,
          format,
          formatReason: reason,
          mode,
          jobId: opts.jobId ?? null,
          createdById: opts.createdById ?? null,
        },
        async (_write, writeRows) => {
          began = true;
          progress('importing', `Importing ${file} as ${format}`);
          const init = { path: opts.path, format, fileName: file, maxIssues: MAX_STORED_ISSUES - 1 }; // + parseFile's "more issues" marker
          const batches = size >= WORKER_MIN_BYTES && !opts.inProcess ? parseFileInWorker(init) : parseFileToRows(init);
          for await (const batch of batches) {
            bytesDone = batch.bytes;
            if (mode === 'strict') {
              const bad = firstBadIssue(batch.records, batch.issues, batch.summary.skipped > counts.skipped);
              if (bad) {
                counts.read = batch.summary.read;
                counts.skipped = batch.summary.skipped;
                throw new ImportError(
                  'strict_abort',
                  `strict mode: stopped at the first bad record, ${describeIssue(bad)}.`,
                  {
                    issue: bad,
                    format,
                    reason,
                    counts: { ...counts },
                  },
                );
              }
            }
            const r = writeRecords(batch, writeRows);
            counts.imported += r.imported;
            counts.duplicates += r.duplicates;
            counts.rollouts += r.rollouts;
            counts.read = batch.summary.read;
            counts.skipped = batch.summary.skipped;
            counts.issueCount = batch.summary.issues;
            for (const i of batch.issues) if (issues.length < MAX_STORED_ISSUES) issues.push(i);
            progress('importing', `Importing ${file} as ${format}`);
            if (opts.isCanceled?.())
              throw new ImportError('canceled', 'canceled; nothing was stored', {
                format,
                reason,
                counts: { ...counts },
              });
          }
          if (counts.imported + counts.duplicates === 0) {
            const why =
              counts.read === 0
                ? 'the file holds no records'
                : `none of its ${counts.read} records could be read as ${format}`;
            throw new ImportError('no_rollouts', `nothing to import: ${why}.`, {
              format,
              reason,
              counts: { ...counts },
              issues: issues.slice(0, 50),
            });
          }
          bytesDone = size;
          progress('importing', 'Committing…');
          opts.beforeCommit?.({ counts: { ...counts }, format, reason });
          const { read, imported, skipped, duplicates, issueCount } = counts;
          return { read, imported, skipped, duplicates, issues, issueCount, bytesRead: size };
        },
      );
      // Precompute the overview and metric ranges here, off the web server's request path. A failure
      // only costs the first page view a recompute; the import itself has landed.
      try {
        progress('importing', 'Computing dataset statistics…');
        await warmDatasetCaches({ datasetId: landed.datasetId });
      } catch {
        // ignored on purpose (see above)
      }
      return {
        status: 'imported',
        file,
        importId: landed.importId,
        datasetId: landed.datasetId,
        datasetName,
        format,
        reason,
        sha256,
        counts: { ...counts },
        issues,
        seconds: (Date.now() - started) / 1000,
      };
    } catch (e) {
      if (!began && isBusyError(e)) continue; // BEGIN timed out behind another long import: keep waiting
      throw e;
    }
  }
}

/**
 * Strict mode's test: the first issue of a skipped record (one that produced no rollout) or of the
 * file itself (record -1, e.g. a truncated gzip). Warnings on records that still produced a rollout
 * do not abort.
 */
function firstBadIssue(records: number[], issues: ParseIssue[], skippedSome: boolean): ParseIssue | undefined {
  if (issues.length === 0) return undefined;
  const produced = new Set(records);
  for (const i of issues) {
    if (i.record < 0) return i;
    if (skippedSome && !produced.has(i.record)) return i;
  }
  return undefined;
}
