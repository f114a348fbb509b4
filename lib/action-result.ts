/**
 * What every server action returns. Expected failures are data (the UI branches on `code`, a member
 * of lib/errors.ts's closed union, never on message text); unexpected ones are thrown to error.tsx.
 *
 *   try { return ok(await doIt(parsed.data)); } catch (e) { return toActionResult(e); }
 */
import { z } from 'zod';
import { isAppError, toErrorJson, type ErrorCode, type ErrorDetails } from './errors';

export interface ActionError {
  code: ErrorCode;
  message: string;
  /** Messages per input field (zod paths joined with '.'; '_' for the input as a whole). */
  fieldErrors?: Record<string, string[]>;
  details?: ErrorDetails;
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, fieldErrors?: Record<string, string[]>): ActionResult<never> {
  return { ok: false, error: { code, message, fieldErrors } };
}

function zodFailure(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = error.issues[0];
  return fail('validation', `${first?.path.join('.') || 'input'}: ${first?.message ?? 'invalid'}`, fieldErrors);
}

/**
 * The one way a server action turns a caught error into its result: an AppError becomes
 * `{ code, message, details }` (with the message under `fieldErrors[field]` when the error names an
 * input field, or under `opts.field` when the action knows which input it was about); a zod error
 * becomes `validation` with its field messages. Anything else is unexpected and is rethrown, so
 * error.tsx shows it.
 */
export function toActionResult(e: unknown, opts: { field?: string } = {}): ActionResult<never> {
  if (isAppError(e)) {
    const { code, message, details } = toErrorJson(e);
    const field = opts.field ?? e.details.field;
    return {
      ok: false,
      error: {
        code,
        message,
        ...(field ? { fieldErrors: { [field]: [message] } } : {}),
        ...(details ? { details } : {}),
      },
    };
  }
  if (e instanceof z.ZodError) return zodFailure(e);
  throw e;
}

/** Parses action input with a zod schema; a failure becomes a `validation` ActionResult. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; result: ActionResult<never> } {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, result: zodFailure(parsed.error) };
}
