/**
 * `sift import --dataset NAME [--format ID] [--strict] [--force] [--json] FILE...`: imports in this
 * process (no job), one transaction per file, recorded as the local owner's or `sift --as NAME`'s. Exit 0 when every file landed or was already imported;
 * 1 when any file did not land (the others still did: each file is its own transaction).
 */
import path from 'node:path';
import type { Command } from 'commander';
import {
  importFile,
  ImportError,
  type ImportErrorCode,
  type ImportOutcome,
  type ImportProgress,
} from '../../lib/jobs/import-file';
import { AppError } from '../../lib/errors';
import type { ParseIssue } from '../../lib/formats/types';
import { cliActor } from '../actor';
import { printJson } from '../output';

interface Opts {
  dataset: string;
  format?: string;
  strict?: boolean;
  force?: boolean;
  json?: boolean;
}

type FileReport = {
  file: string;
  status: 'imported' | 'already-imported' | 'failed';
  format: string | null;
  reason: string | null;
} & {
  datasetId: number | null;
  importId: number | null;
  /** Records of the file: read = imported + skipped + duplicates. */
  read: number;
  imported: number;
  skipped: number;
  duplicates: number;
  /** Rollouts stored (a preference pair record stores two). */
  rollouts: number;
  issueCount: number;
  issues: ParseIssue[];
  error?: { code: ImportErrorCode; message: string; [k: string]: unknown };
  previous?: Extract<ImportOutcome, { status: 'already-imported' }>['previous'];
};

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import rollout files into a dataset (created when missing); one transaction per file')
    .requiredOption('--dataset <name>', 'dataset to import into (created when missing)')
    .option('--format <id>', 'skip detection and read the files as this format (see `sift formats`)')
    .option(
      '--strict',
      'abort a file at its first bad record (nothing stored); default skips bad records and lists them',
    )
    .option('--force', 'import even when the same file (sha256) was already imported into the dataset')
    .option('--json', 'machine-readable output')
    .argument('<files...>', 'files (.jsonl, .json, .parquet, .csv, optionally .gz) or tau2 result folders')
    .action(async (files: string[], opts: Opts) => {
      const json = Boolean(opts.json || program.opts().json);
      const actor = await cliActor(program, 'curator');
      const reports: FileReport[] = [];
      for (const f of files) {
        const report = await importOne(f, opts, json, actor.id);
        reports.push(report);
        if (!json) printHuman(report, files.length > 1);
      }
      if (json) printJson({ files: reports });
      const failed = reports.filter((r) => r.status === 'failed');
      if (failed.length > 0) {
        const [one] = failed;
        if (failed.length === 1 && reports.length === 1 && one.error)
          throw new AppError(one.error.code, `${one.file}: ${one.error.message}`, { file: one.file });
        throw new AppError(
          'import_failed',
          `${failed.length} of ${reports.length} files did not import: ${failed.map((r) => r.file).join(', ')}`,
        );
      }
    });
}

async function importOne(file: string, opts: Opts, json: boolean, createdById: string | null): Promise<FileReport> {
  const name = path.basename(file);
  const bar = !json && process.stderr.isTTY ? progressBar(name) : null;
  const empty = {
    datasetId: null,
    importId: null,
    read: 0,
    imported: 0,
    skipped: 0,
    duplicates: 0,
    rollouts: 0,
    issueCount: 0,
    issues: [],
  };
  try {
    const out = await importFile({
      path: path.resolve(file),
      fileName: name,
      datasetName: opts.dataset,
      format: opts.format,
      mode: opts.strict ? 'strict' : 'skip-bad',
      force: opts.force,
      createdById,
      onProgress: bar?.update,
    });
    bar?.clear();
    if (out.status === 'already-imported') {
      return {
        file,
        status: 'already-imported',
        format: null,
        reason: null,
        ...empty,
        datasetId: out.previous.datasetId,
        importId: out.previous.importId,
        previous: out.previous,
      };
    }
    const { read, imported, skipped, duplicates, rollouts, issueCount } = out.counts;
    return {
      file,
      status: 'imported',
      format: out.format,
      reason: out.reason,
      datasetId: out.datasetId,
      importId: out.importId,
      read,
      imported,
      skipped,
      duplicates,
      rollouts,
      issueCount,
      issues: out.issues,
    };
  } catch (e) {
    bar?.clear();
    if (!(e instanceof ImportError)) throw e;
    const c = e.details.counts;
    return {
      file,
      status: 'failed',
      format: e.details.format ?? null,
      reason: e.details.reason ?? null,
      ...empty,
      ...(c ? { read: c.read, skipped: c.skipped, issueCount: c.issueCount } : {}),
      issues: e.details.issue ? [e.details.issue] : (e.details.issues ?? []),
      error: {
        code: e.code,
        message:
          e.code === 'unknown_format' || e.code === 'unreadable' ? e.message : `${e.message} Nothing was stored.`,
        ...(e.details.candidates ? { candidates: e.details.candidates } : {}),
      },
    };
  }
}

const MAX_PRINTED_ISSUES = 20;

function printHuman(r: FileReport, multi: boolean): void {
  const out = process.stdout;
  if (r.status === 'already-imported' && r.previous) {
    out.write(
      `${r.file}: already imported into "${r.previous.datasetName}" on ${r.previous.createdAt.slice(0, 16).replace('T', ' ')} UTC (import #${r.previous.importId}); nothing done. Use --force to import it again.\n`,
    );
    return;
  }
  if (r.status === 'failed') {
    if (multi) process.stderr.write(`${r.file}: ${r.error?.message}\n`); // a single file's error is the exit message
    if (r.issues.length && r.error?.code === 'no_rollouts') printIssues(r.issues, r.issueCount, process.stderr);
    return;
  }
  out.write(`${r.file} → dataset #${r.datasetId} as ${r.format} (${r.reason})\n`);
  out.write(
    `  read ${r.read} · imported ${r.imported} · skipped ${r.skipped} · duplicates ${r.duplicates} (records) · rollouts ${r.rollouts}\n`,
  );
  if (r.issues.length) printIssues(r.issues, r.issueCount, out);
}

function printIssues(issues: ParseIssue[], total: number, out: NodeJS.WriteStream): void {
  out.write(`  issues (${total}):\n`);
  for (const i of issues.slice(0, MAX_PRINTED_ISSUES)) {
    out.write(`    record ${i.record}${i.line !== undefined ? ` line ${i.line}` : ''} ${i.path}: ${i.message}\n`);
  }
  if (total > MAX_PRINTED_ISSUES) out.write(`    … ${total - MAX_PRINTED_ISSUES} more (--json lists up to 1000)\n`);
}

/** One self-overwriting line on stderr, at most ~10 updates a second. */
function progressBar(label: string) {
  let last = 0;
  const width = 24;
  return {
    update(p: ImportProgress) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const filled = Math.round(p.fraction * width);
      const mb = (n: number) => (n / 1e6).toFixed(1);
      const eta = p.eta === undefined ? '' : ` · ETA ${Math.ceil(p.eta)}s`;
      const detail =
        p.phase === 'importing'
          ? `${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB · ${p.records.toLocaleString('en-US')} records · ${p.rollouts.toLocaleString('en-US')} rollouts · ${Math.round(p.rate).toLocaleString('en-US')}/s${eta}`
          : p.message;
      process.stderr.write(
        `\r\x1b[2K${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(p.fraction * 100)}% ${detail}`,
      );
    },
    clear() {
      process.stderr.write('\r\x1b[2K');
    },
  };
}
