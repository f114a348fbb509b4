/**
 * The tokenize module's errors: AppErrors (lib/errors.ts) with the tokenizer and template codes.
 * Callers (CLI, jobs, server actions) branch on `code`, never on the message text; the message says
 * why in words a user can act on.
 */
import { AppError } from '../errors';

export type TokenizeErrorCode =
  | 'unknown_tokenizer'
  | 'tokenizer_dir_not_found'
  | 'tokenizer_file_missing'
  | 'tokenizer_json_invalid'
  | 'tokenizer_load_failed'
  | 'no_chat_template'
  | 'template_syntax'
  | 'template_render'
  | 'template_unsupported'
  | 'canceled'
  | 'worker_failed';

export class TokenizeError extends AppError<TokenizeErrorCode> {
  constructor(code: TokenizeErrorCode, message: string, extra: { file?: string; line?: number; cause?: unknown } = {}) {
    super(code, message, { file: extra.file, line: extra.line }, { cause: extra.cause });
    this.name = 'TokenizeError';
  }

  /** File involved, when the error is about a file. */
  get file(): string | undefined {
    return this.details.file;
  }

  /** 1-based template line, when it could be determined. */
  get line(): number | undefined {
    return this.details.line;
  }
}

export function isTokenizeError(e: unknown): e is TokenizeError {
  return e instanceof TokenizeError;
}

/** Plain object form, for crossing a worker boundary (Error subclasses do not survive cloning). */
export interface SerializedTokenizeError {
  code: TokenizeErrorCode;
  message: string;
  file?: string;
  line?: number;
}

export function serializeError(e: unknown): SerializedTokenizeError {
  if (e instanceof TokenizeError) return { code: e.code, message: e.message, file: e.file, line: e.line };
  return { code: 'worker_failed', message: e instanceof Error ? e.message : String(e) };
}

export function deserializeError(s: SerializedTokenizeError): TokenizeError {
  return new TokenizeError(s.code, s.message, { file: s.file, line: s.line });
}
