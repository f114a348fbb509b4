/**
 * Problems found while mapping a record. Every helper that can find one takes an `IssueSink` and
 * pushes a `ParseIssue` instead of throwing, so a module's `mapRecord` never throws on odd input.
 * Paths are JSONPath-like strings rooted at the record: "$.messages[3].content".
 */
import type { ParseIssue, RecordContext, RecordResult } from './types';

/** Collects issues for one record; created with `issueSink(ctx)`. */
export interface IssueSink {
  ctx: RecordContext;
  issues: ParseIssue[];
  add(path: string, message: string): void;
}

export function issueSink(ctx: RecordContext): IssueSink {
  const issues: ParseIssue[] = [];
  return {
    ctx,
    issues,
    add(path, message) {
      issues.push(makeIssue(ctx, path, message));
    },
  };
}

/** A ParseIssue located at the record of `ctx`. */
export function makeIssue(ctx: Pick<RecordContext, 'record' | 'line'>, path: string, message: string): ParseIssue {
  const issue: ParseIssue = { record: ctx.record, path, message };
  if (ctx.line !== undefined) issue.line = ctx.line;
  return issue;
}

/** The result for a record that yields nothing: skipped, with the reason. */
export function skipRecord(ctx: RecordContext, path: string, message: string, more: ParseIssue[] = []): RecordResult {
  return { rollouts: [], issues: [...more, makeIssue(ctx, path, message)] };
}
