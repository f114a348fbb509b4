/**
 * `sift review import --queue Q FILE`: reviews made in another tool or a spreadsheet, one JSON
 * object per line:
 *   {"rollout": "<external id>", "reviewer": "<user>", "verdict": "accept|reject|needs_fix",
 *    "labels": [...], "firstBadStep": <message index or null>, "note": "..."}
 * `labels` name labels by id or name; `labels`, `firstBadStep` and `note` may be left out;
 * `submittedAt` (ISO 8601) and `durationMs` are accepted too. Objects are strict: a misspelt key is
 * an error on its line, not a silently dropped field.
 *
 * Two steps, both pure: `parseImportText` checks each line's shape; `resolveImportLines` maps
 * external ids, users and labels through lookups the caller made in the database and returns the
 * reviews, or every problem by line. The caller writes nothing unless `issues` is empty, so an
 * import is never half done.
 */
import { z } from 'zod';
import { findLabel } from './labels';
import { ROLLOUT_VERDICTS, type Label, type Review } from './types';

export const importLineSchema = z.strictObject({
  rollout: z.string().min(1).max(500),
  reviewer: z.string().min(1).max(200),
  verdict: z.enum(ROLLOUT_VERDICTS),
  labels: z.array(z.string().min(1)).max(50).optional(),
  firstBadStep: z.number().int().min(0).nullable().optional(),
  note: z.string().max(20_000).optional(),
  submittedAt: z.iso.datetime({ offset: true }).optional(),
  durationMs: z.number().int().min(0).nullable().optional(),
});

export type ImportLine = z.infer<typeof importLineSchema>;

export interface ImportIssue {
  /** 1-based line in the file. */
  line: number;
  /** Inside the line's object, e.g. `$.labels[1]`; `$` for the line as a whole. */
  path: string;
  message: string;
}

export interface ParsedLine {
  line: number;
  value: ImportLine;
}

/** Checks every non-blank line; never throws. */
export function parseImportText(text: string): { lines: ParsedLine[]; issues: ImportIssue[] } {
  const lines: ParsedLine[] = [];
  const issues: ImportIssue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      issues.push({ line, path: '$', message: `not JSON: ${(e as Error).message}` });
      return;
    }
    const parsed = importLineSchema.safeParse(json);
    if (parsed.success) lines.push({ line, value: parsed.data });
    else
      for (const issue of parsed.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
        issues.push({ line, path: `$${path}`, message: issue.message });
      }
  });
  return { lines, issues };
}

export interface ImportLookups {
  queueId: string;
  /** External id → Sift rollout id, for the queue's dataset. */
  rolloutByExternalId: ReadonlyMap<string, string>;
  /** Rollout id → the queue's item for it (a rollout outside the queue is an error). */
  itemByRollout: ReadonlyMap<string, string>;
  /** User name → user id. */
  userByName: ReadonlyMap<string, string>;
  labels: readonly Label[];
  /** Messages per rollout id, to check firstBadStep; skipped when absent. */
  messageCount?: (rolloutId: string) => number | undefined;
  /** ISO time for lines without submittedAt. */
  now: string;
}

export function resolveImportLines(
  lines: readonly ParsedLine[],
  x: ImportLookups,
): { reviews: Review[]; issues: ImportIssue[] } {
  const reviews: Review[] = [];
  const issues: ImportIssue[] = [];
  const seen = new Map<string, number>();
  for (const { line, value: v } of lines) {
    const problem = (path: string, message: string) => issues.push({ line, path, message });
    const before = issues.length;
    const rolloutId = x.rolloutByExternalId.get(v.rollout);
    const itemId = rolloutId === undefined ? undefined : x.itemByRollout.get(rolloutId);
    const reviewer = x.userByName.get(v.reviewer);
    if (rolloutId === undefined) problem('$.rollout', `no rollout ${v.rollout} in this dataset`);
    else if (itemId === undefined) problem('$.rollout', `rollout ${v.rollout} is not in this queue`);
    if (reviewer === undefined) problem('$.reviewer', `no user ${v.reviewer}`);
    const labels = (v.labels ?? []).map((ref, k) => {
      const label = findLabel(x.labels, ref);
      if (!label) problem(`$.labels[${k}]`, `no label ${ref} in this queue's label set`);
      return label?.id ?? '';
    });
    const count = rolloutId === undefined ? undefined : x.messageCount?.(rolloutId);
    const step = v.firstBadStep ?? null;
    if (step !== null && count !== undefined && step >= count) {
      problem('$.firstBadStep', `message ${step}: rollout ${v.rollout} has ${count} messages`);
    }
    const key = `${v.rollout}\u0000${v.reviewer}`;
    const first = seen.get(key);
    if (first !== undefined) problem('$', `${v.reviewer} already reviewed ${v.rollout} on line ${first}`);
    else seen.set(key, line);
    if (issues.length > before) continue;

    reviews.push({
      itemId: itemId!,
      queueId: x.queueId,
      reviewer: reviewer!,
      verdict: { kind: 'rollout', value: v.verdict },
      note: v.note ?? '',
      labels: [...new Set(labels)],
      annotations:
        step === null
          ? []
          : [
              {
                rolloutId: rolloutId!,
                firstBadStep: { messageIndex: step, reasonLabel: null },
                ratings: [],
                corrections: [],
              },
            ],
      submittedAt: v.submittedAt ?? x.now,
      durationMs: v.durationMs ?? null,
    });
  }
  return { reviews, issues };
}
