/**
 * Sift's one error vocabulary. An expected failure (a file Sift cannot read, a dataset that is gone,
 * a template with a syntax error) is an `AppError` whose `code` comes from the closed union below.
 * Callers branch on the code, never on message text:
 * - server actions return it as data (`toActionResult`, lib/action-result.ts);
 * - the CLI turns it into an exit status and a one-line message (cli/output.ts);
 * - the UI titles it with an exhaustive switch (lib/ui/error-text.ts), so adding a code here fails
 *   the typecheck until the CLI table and the UI say something about it.
 * Anything that is not an AppError is unexpected: it is thrown on, to error.tsx or a stack trace.
 *
 * Pure: no Node, React, Next or database imports. lib/formats, lib/curation, the browser, worker
 * threads and the CLI all import it. Codes are snake_case; "canceled" has one l.
 */

export const ERROR_CODES = [
  // The input itself
  'validation', // a server action's or route's input failed its schema
  'usage', // a CLI argument is missing or malformed
  'invalid_config', // an environment variable (lib/env.ts) is invalid
  // Something addressed by id or name does not exist (any more)
  'dataset_not_found',
  'recipe_not_found',
  'rollout_not_found',
  'export_not_found',
  'job_not_found',
  'analysis_not_found',
  'upload_not_found',
  'file_not_found',
  // The state does not allow it
  'busy', // another process holds SQLite's write lock
  'name_taken',
  'still_running',
  'not_running',
  'no_manifest',
  'stored_request_invalid', // a stored job or export request no longer parses
  'dataset_changed', // rollouts were deleted while an export read them
  'canceled',
  // Imports
  'unknown_format',
  'unreadable',
  'strict_abort',
  'no_rollouts',
  'import_failed', // several files, at least one failed (each has its own code)
  'upload_failed',
  // Curation and export
  'invalid_recipe',
  'nothing_selected',
  // Tokens
  'dataset_empty',
  'all_rollouts_failed',
  'not_exported', // the analysed export format leaves this rollout out (no assistant turn to train on)
  'no_token_columns', // a token analysis stored no per-rollout columns (made by an older version)
  'unknown_tokenizer',
  'tokenizer_dir_not_found',
  'tokenizer_file_missing',
  'tokenizer_json_invalid',
  'tokenizer_load_failed',
  'no_chat_template',
  'template_syntax',
  'template_render',
  'template_unsupported',
  'worker_failed',
  // People, sign-in and roles (lib/auth)
  'unauthenticated', // no session, an unknown or expired one, or an invalid API key
  'forbidden', // signed in, but the role does not allow it
  'no_admin', // served on a network address before any admin account exists
  'user_not_found',
  'last_admin', // the change would leave accounts with no admin to manage them
  'api_key_not_found',
  // Team review (lib/db/review)
  'queue_not_found',
  'item_not_found',
  'version_conflict', // someone else saved the review since it was read: reload, never overwrite
  'lease_taken', // the item went to other reviewers (the lease expired, or the overlap is full)
  'nothing_to_undo',
  // The database file
  'db_corrupt',
  'db_newer_schema',
  'db_unwritable',
  'migration_failed',
  'migration_edited',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && CODES.has(v);
}

/** Where an error is, when it is about a place. Subclasses add typed extras. */
export interface ErrorDetails {
  /** The file, as the user knows it (a path or an uploaded file's name). */
  file?: string;
  /** 1-based line in that file. */
  line?: number;
  /** Where inside a record or document, e.g. `messages[3].content`. */
  path?: string;
  /** The input field or argument the error is about; a server action shows the message beside it. */
  field?: string;
}

/** Survives duplicated module copies (Next bundles, tests): instanceof alone would not. */
const BRAND = Symbol.for('sift.AppError');

export class AppError<C extends ErrorCode = ErrorCode, D extends ErrorDetails = ErrorDetails> extends Error {
  readonly code: C;
  /** Plain JSON (it is returned from server actions and stored in job results). */
  readonly details: D;

  constructor(code: C, message: string, details?: D, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = details ?? ({} as D);
    Object.defineProperty(this, BRAND, { value: true });
  }
}

export function isAppError(e: unknown): e is AppError;
export function isAppError<C extends ErrorCode>(e: unknown, ...codes: C[]): e is AppError<C>;
export function isAppError(e: unknown, ...codes: ErrorCode[]): boolean {
  if (typeof e !== 'object' || e === null || !(e instanceof AppError || BRAND in e)) return false;
  return codes.length === 0 || codes.includes((e as AppError).code);
}

/** The plain form of an error: what a server action returns and what crosses a worker boundary. */
export interface ErrorJson {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export function toErrorJson(e: AppError): ErrorJson {
  const details = Object.fromEntries(Object.entries(e.details).filter(([, v]) => v !== undefined));
  return { code: e.code, message: e.message, ...(Object.keys(details).length > 0 ? { details } : {}) };
}

/** The body of an API route's error response (`Response.json(errorBody(...), { status })`). */
export function errorBody(code: ErrorCode, message: string): { error: ErrorJson } {
  return { error: { code, message } };
}

/**
 * The `default:` of an exhaustive switch over a code union: TypeScript rejects the call while a case
 * is missing. At run time (a code stored by another version of Sift) it returns `fallback` instead
 * of throwing, so an old row still renders.
 */
export function unhandled<T>(value: never, fallback: T): T {
  void value;
  return fallback;
}
