/**
 * Output conventions of every subcommand: a table or --json on stdout, one-line errors on stderr.
 * Expected failures are AppErrors (lib/errors.ts); this file's table says how each code exits.
 */
import type { AppError, ErrorCode } from '../lib/errors';

/** 2: the command line cannot run as given (as commander exits for an unknown option); 1: any other failure. */
type ExitStatus = 1 | 2;

/**
 * Every error code's exit status and one-line summary (printed when an error has no message of its
 * own). A code added to lib/errors.ts fails the typecheck until it has a row here.
 */
export const CLI_ERRORS: { readonly [C in ErrorCode]: { exit: ExitStatus; summary: string } } = {
  validation: { exit: 2, summary: 'invalid input' },
  usage: { exit: 2, summary: 'invalid arguments (see --help)' },
  invalid_config: { exit: 1, summary: 'invalid environment variable' },
  dataset_not_found: { exit: 1, summary: 'no such dataset (see: sift datasets)' },
  recipe_not_found: { exit: 1, summary: 'no such recipe' },
  rollout_not_found: { exit: 1, summary: 'no such rollout' },
  export_not_found: { exit: 1, summary: 'no such export' },
  job_not_found: { exit: 1, summary: 'no such job' },
  analysis_not_found: { exit: 1, summary: 'no such token analysis' },
  upload_not_found: { exit: 1, summary: 'the uploaded file is gone' },
  file_not_found: { exit: 1, summary: 'file not found' },
  busy: { exit: 1, summary: 'the database is busy (an import is writing); try again' },
  name_taken: { exit: 1, summary: 'that name is taken' },
  still_running: { exit: 1, summary: 'still running' },
  not_running: { exit: 1, summary: 'not running' },
  no_manifest: { exit: 1, summary: 'the export has no manifest' },
  stored_request_invalid: { exit: 1, summary: 'the stored request is unreadable' },
  dataset_changed: { exit: 1, summary: 'the dataset changed meanwhile; run it again' },
  canceled: { exit: 1, summary: 'canceled' },
  unknown_format: { exit: 1, summary: 'unknown format (see: sift formats)' },
  unreadable: { exit: 1, summary: 'the file cannot be read' },
  strict_abort: { exit: 1, summary: 'strict mode stopped at the first bad record; nothing was stored' },
  no_rollouts: { exit: 1, summary: 'no rollouts could be read; nothing was stored' },
  import_failed: { exit: 1, summary: 'some files did not import' },
  upload_failed: { exit: 1, summary: 'the upload failed' },
  invalid_recipe: { exit: 1, summary: 'invalid recipe' },
  nothing_selected: { exit: 1, summary: 'the recipe selects nothing' },
  dataset_empty: { exit: 1, summary: 'the dataset has no rollouts' },
  all_rollouts_failed: { exit: 1, summary: 'no rollout could be analysed' },
  not_exported: { exit: 1, summary: 'the chosen export format leaves this rollout out' },
  no_token_columns: { exit: 1, summary: 'the token analysis has no per-rollout columns; run it again' },
  unknown_tokenizer: { exit: 1, summary: 'unknown tokenizer' },
  tokenizer_dir_not_found: { exit: 1, summary: 'tokenizer folder not found' },
  tokenizer_file_missing: { exit: 1, summary: 'tokenizer file missing' },
  tokenizer_json_invalid: { exit: 1, summary: 'tokenizer file is not valid JSON' },
  tokenizer_load_failed: { exit: 1, summary: 'the tokenizer could not be loaded' },
  no_chat_template: { exit: 1, summary: 'no chat template' },
  template_syntax: { exit: 1, summary: 'chat template syntax error' },
  template_render: { exit: 1, summary: 'chat template failed while rendering' },
  template_unsupported: { exit: 1, summary: 'chat template not supported' },
  worker_failed: { exit: 1, summary: 'a worker thread failed' },
  unauthenticated: { exit: 1, summary: 'sign in first (or give a valid API key)' },
  forbidden: { exit: 1, summary: 'your role does not allow this' },
  no_admin: { exit: 1, summary: 'no admin account yet: create one with sift users add NAME --role admin' },
  user_not_found: { exit: 1, summary: 'no such user (see: sift users list)' },
  last_admin: { exit: 1, summary: 'this would leave no admin' },
  api_key_not_found: { exit: 1, summary: 'no such API key (see: sift users api-key list)' },
  queue_not_found: { exit: 1, summary: 'no such review queue (see: sift review queues)' },
  item_not_found: { exit: 1, summary: 'no such review item' },
  version_conflict: { exit: 1, summary: 'someone else changed this review meanwhile; reload it' },
  lease_taken: { exit: 1, summary: 'the item went to other reviewers' },
  nothing_to_undo: { exit: 1, summary: 'nothing to undo' },
  db_corrupt: { exit: 1, summary: 'the database file is not a readable Sift database' },
  db_newer_schema: { exit: 1, summary: 'the database was written by a newer Sift' },
  db_unwritable: { exit: 1, summary: 'the database cannot be opened for writing' },
  migration_failed: { exit: 1, summary: 'a database migration failed' },
  migration_edited: { exit: 1, summary: 'a migration was edited after it was applied' },
};

export function exitStatus(code: ErrorCode): ExitStatus {
  return CLI_ERRORS[code]?.exit ?? 1;
}

/** What `sift: …` says for an expected failure: its message, plus the line (or file) when the message does not name it. */
export function cliErrorLine(e: AppError): string {
  const message = e.message.trim() || CLI_ERRORS[e.code]?.summary || e.code;
  const { file, line } = e.details;
  const where: string[] = [];
  if (file && !message.includes(file) && !message.includes(file.split(/[\\/]/).pop()!)) where.push(file);
  if (line !== undefined && !/line \d/.test(message)) where.push(`line ${line}`);
  return where.length ? `${message} (${where.join(', ')})` : message;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printTable(
  rows: Record<string, string | number | null>[],
  columns: { key: string; label: string; align?: 'left' | 'right' }[],
): void {
  const cells = rows.map((r) => columns.map((c) => (r[c.key] == null ? '—' : String(r[c.key]))));
  const widths = columns.map((c, i) => Math.max(c.label.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => (columns[i].align === 'right' ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  process.stdout.write(line(columns.map((c) => c.label)) + '\n');
  for (const row of cells) process.stdout.write(line(row) + '\n');
}
