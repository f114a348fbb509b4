/**
 * parseFile: the import pipeline for one file. Detect (or take the caller's format id) → stream
 * raw records with the shared reader → mapRecord → finalizeRollout, yielded in batches.
 *
 * Usage (the import job):
 *   for await (const batch of parseFile(path, { fileName, onProgress })) {
 *     insert(batch.rollouts); report(batch.issues);
 *     if (batch.done) saveSummary(batch.summary);
 *   }
 *
 * Guarantees: never throws for bad content (problems are ParseIssues); throws `FormatError` only
 * when the file's format cannot be determined (or a `format` id is unknown) — before any batch.
 * The last batch has `done: true` and the final summary (every batch carries the running summary).
 */
import nodePath from 'node:path';
import { AppError, type ErrorDetails } from '../errors';
import { detectFile, findFormat } from './detect';
import { finalizeRollout } from './finalize';
import { readRecords } from './read/index';
import { dirFormatRoot } from './read/dir';
import { formats } from './registry';
import type { Candidate } from './detect';
import type { FormatModule, Layout, ParseIssue, RecordContext, Rollout } from './types';

export interface ParseFileOptions {
  /** A format id: skips detection (the `--format` override). */
  format?: string;
  /** The name the user knows the file by (uploads are stored under another name). */
  fileName?: string;
  onProgress?(bytesRead: number, totalBytes: number): void;
  /** Records per batch (default 1000). */
  batchSize?: number;
  /** Issues beyond this many are counted but not yielded (default 10,000). */
  maxIssues?: number;
  /** Modules to detect among (default: the registry). */
  modules?: readonly FormatModule[];
}

export interface ParseSummary {
  format: string;
  /** Records read (including records that were skipped or unreadable). */
  read: number;
  rollouts: number;
  /** Records that produced no rollout (a bad line, a record the module rejected). */
  skipped: number;
  /** All issues, including those not yielded because of maxIssues. */
  issues: number;
}

export interface ParseBatch {
  format: string;
  rollouts: Rollout[];
  issues: ParseIssue[];
  /** Index of the last record in this batch (-1 when none yet). */
  record: number;
  summary: ParseSummary;
  done: boolean;
}

/** No module reads the file (or the `format` id is unknown); `details.candidates` is what detection tried. */
export class FormatError extends AppError<'unknown_format', ErrorDetails & { candidates: Candidate[] }> {
  constructor(message: string, candidates: Candidate[]) {
    super('unknown_format', message, { candidates });
    this.name = 'FormatError';
  }
}

/** Which module reads `path`, and with which layout (a tau2 dir-format folder reads as `dir`). */
export async function resolveFormat(
  path: string,
  opts: Pick<ParseFileOptions, 'format' | 'fileName' | 'modules'> = {},
): Promise<{ format: FormatModule; layout: Layout; reason: string; candidates: Candidate[] }> {
  const modules = opts.modules ?? formats;
  const isDir = (await dirFormatRoot(path)) !== null;
  let format: FormatModule;
  let reason: string;
  let candidates: Candidate[] = [];
  if (opts.format !== undefined) {
    const m = findFormat(opts.format, modules);
    if (!m)
      throw new FormatError(
        `unknown format "${opts.format}"; known formats: ${modules.map((x) => x.id).join(', ')}`,
        [],
      );
    format = m;
    reason = `format chosen by the user (${opts.format})`;
  } else {
    const d = await detectFile(path, opts);
    if (!d.ok) throw new FormatError(d.error, d.candidates);
    format = d.format;
    reason = d.reason;
    candidates = d.candidates;
  }
  if (isDir && format.layout.kind !== 'dir' && format.layout.kind !== 'json-doc') {
    throw new FormatError(`${format.id} does not read folders; give a file`, candidates);
  }
  return { format, layout: isDir ? { kind: 'dir' } : format.layout, reason, candidates };
}

export async function* parseFile(path: string, opts: ParseFileOptions = {}): AsyncGenerator<ParseBatch, ParseSummary> {
  const { format, layout } = await resolveFormat(path, opts);
  const file = opts.fileName ?? nodePath.basename(path);
  const batchSize = opts.batchSize ?? 1000;
  const maxIssues = opts.maxIssues ?? 10_000;
  const doc: Record<string, unknown> = {};
  const context = format.layout.kind === 'json-doc' ? (format.layout.context ?? []) : [];
  const summary: ParseSummary = { format: format.id, read: 0, rollouts: 0, skipped: 0, issues: 0 };

  let rollouts: Rollout[] = [];
  let issues: ParseIssue[] = [];
  let inBatch = 0;
  let lastRecord = -1;
  const addIssues = (list: ParseIssue[]): void => {
    for (const i of list) {
      summary.issues++;
      if (summary.issues <= maxIssues) issues.push(i);
      else if (summary.issues === maxIssues + 1) {
        issues.push({
          record: -1,
          path: '$',
          message: `more than ${maxIssues} issues; the rest are counted, not listed`,
        });
      }
    }
  };
  const flush = (done: boolean): ParseBatch => {
    const batch: ParseBatch = {
      format: format.id,
      rollouts,
      issues,
      record: lastRecord,
      summary: { ...summary },
      done,
    };
    rollouts = [];
    issues = [];
    inBatch = 0;
    return batch;
  };

  for await (const item of readRecords(path, layout, { onProgress: opts.onProgress, doc }, context)) {
    if (item.type === 'issue') {
      // a read-level issue on a record (bad line) means that record was skipped
      if (item.issue.record >= 0) {
        summary.read++;
        summary.skipped++;
        lastRecord = item.issue.record;
      }
      addIssues([item.issue]);
      continue;
    }
    summary.read++;
    lastRecord = item.record;
    const ctx: RecordContext = { file, record: item.record, doc };
    if (item.line !== undefined) ctx.line = item.line;
    if (item.path !== undefined) ctx.path = item.path;
    let result;
    try {
      result = format.mapRecord(item.value, ctx);
    } catch (e) {
      // a module bug must not stop an import: report it on the record
      result = {
        rollouts: [],
        issues: [
          {
            record: item.record,
            ...(item.line ? { line: item.line } : {}),
            path: '$',
            message: `internal error in ${format.id}: ${(e as Error).message}`,
          },
        ],
      };
    }
    if (result.rollouts.length === 0) summary.skipped++;
    for (const draft of result.rollouts) rollouts.push(finalizeRollout(draft));
    summary.rollouts += result.rollouts.length;
    addIssues(result.issues);
    if (++inBatch >= batchSize) yield flush(false);
  }
  yield flush(true);
  return summary;
}

/** Reads a whole file into memory: for tests, the CLI's preview and small files only. */
export async function parseFileAll(
  path: string,
  opts: ParseFileOptions = {},
): Promise<{ rollouts: Rollout[]; issues: ParseIssue[]; summary: ParseSummary }> {
  const rollouts: Rollout[] = [];
  const issues: ParseIssue[] = [];
  let summary: ParseSummary | undefined;
  for await (const b of parseFile(path, opts)) {
    rollouts.push(...b.rollouts);
    issues.push(...b.issues);
    summary = b.summary;
  }
  return { rollouts, issues, summary: summary! };
}
