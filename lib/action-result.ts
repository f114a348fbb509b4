/**
 * What every server action returns. Expected failures are data (the UI branches on `code`, never on
 * message text); unexpected ones are thrown to error.tsx.
 */
import type { z } from 'zod';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fieldErrors?: Record<string, string[]> } };

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}

export function fail(code: string, message: string, fieldErrors?: Record<string, string[]>): ActionResult<never> {
  return { ok: false, error: { code, message, fieldErrors } };
}

/** Parses action input with a zod schema; a failure becomes a `validation` ActionResult. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; result: ActionResult<never> } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.') || '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = parsed.error.issues[0];
  return { ok: false, result: fail('validation', `${first.path.join('.') || 'input'}: ${first.message}`, fieldErrors) };
}
