/**
 * A review checked against what it is about: the item (verdict kind, ranking, rollouts), the label
 * set and the rollouts' messages. schemas.ts has already checked the shape; this is the part that
 * needs context. A server action calls `assertValidReview` after parsing; the review panel calls
 * `findReviewIssues` to show every problem beside its field.
 */
import { AppError } from '../errors';
import type { Rollout } from '../formats/types';
import { findCorrectionIssues } from './corrections';
import type { Label, Review, ReviewItem, Verdict } from './types';

export interface ReviewIssue {
  level: 'error' | 'warning';
  /** Inside the review: `verdict`, `labels[2]`, `annotations[0].corrections[1].toolCalls[0].arguments`. */
  path: string;
  message: string;
}

export interface ReviewContext {
  item: ReviewItem;
  labels: readonly Label[];
  /** The item's rollouts by id; turn-level checks are skipped for a rollout not given. */
  rollouts: ReadonlyMap<string, Pick<Rollout, 'messages' | 'tools'>>;
}

type ReviewBody = Pick<Review, 'verdict' | 'labels' | 'annotations'>;

export function rolloutIdsOf(item: ReviewItem): string[] {
  if (item.kind === 'rollout') return [item.rolloutId];
  if (item.kind === 'pair') return [item.chosen, item.rejected];
  return item.rolloutIds;
}

function checkVerdict(item: ReviewItem, v: Verdict | null, issue: (path: string, message: string) => void): void {
  if (v === null) return;
  if (v.kind !== item.kind) return issue('verdict', `a ${v.kind} verdict on a ${item.kind} item`);
  if (v.kind !== 'group') return;
  const ranked = v.ranking.flat();
  const group = new Set(rolloutIdsOf(item));
  const stranger = ranked.find((id) => !group.has(id));
  if (stranger !== undefined) return issue('verdict.ranking', `rollout ${stranger} is not in this group`);
  const missing = [...group].filter((id) => !ranked.includes(id));
  if (missing.length > 0) issue('verdict.ranking', `the ranking leaves out ${missing.join(', ')}`);
}

export function findReviewIssues(review: ReviewBody, ctx: ReviewContext): ReviewIssue[] {
  const issues: ReviewIssue[] = [];
  const issue = (path: string, message: string, level: ReviewIssue['level'] = 'error') =>
    issues.push({ level, path, message });
  const labelIds = new Set(ctx.labels.map((l) => l.id));
  const itemRollouts = new Set(rolloutIdsOf(ctx.item));

  checkVerdict(ctx.item, review.verdict, issue);
  review.labels.forEach((id, k) => {
    if (!labelIds.has(id)) issue(`labels[${k}]`, `no label ${id} in this label set`);
    else if (review.labels.indexOf(id) !== k) issue(`labels[${k}]`, `label ${id} is given twice`);
  });

  const annotated = new Set<string>();
  review.annotations.forEach((a, k) => {
    const at = `annotations[${k}]`;
    if (!itemRollouts.has(a.rolloutId))
      return issue(`${at}.rolloutId`, `rollout ${a.rolloutId} is not part of this item`);
    if (annotated.has(a.rolloutId)) return issue(`${at}.rolloutId`, `rollout ${a.rolloutId} is annotated twice`);
    annotated.add(a.rolloutId);
    const reason = a.firstBadStep?.reasonLabel;
    if (reason && !labelIds.has(reason))
      issue(`${at}.firstBadStep.reasonLabel`, `no label ${reason} in this label set`);

    const rollout = ctx.rollouts.get(a.rolloutId);
    if (!rollout) return;
    const n = rollout.messages.length;
    if (a.firstBadStep && a.firstBadStep.messageIndex >= n) {
      issue(`${at}.firstBadStep.messageIndex`, `message ${a.firstBadStep.messageIndex}: the rollout has ${n} messages`);
    }
    const rated = new Set<number>();
    a.ratings.forEach((r, j) => {
      const m = rollout.messages[r.messageIndex];
      if (m?.role !== 'assistant') issue(`${at}.ratings[${j}]`, `message ${r.messageIndex} is not an assistant turn`);
      else if (rated.has(r.messageIndex)) issue(`${at}.ratings[${j}]`, `message ${r.messageIndex} is rated twice`);
      rated.add(r.messageIndex);
    });
    for (const c of findCorrectionIssues(rollout, a.corrections)) {
      let path = `${at}.corrections[${c.correction}]`;
      if (c.callIndex !== undefined) path += `.toolCalls[${c.callIndex}]`;
      if (c.argumentPath !== undefined) path += '.arguments';
      issue(path, c.message, c.level);
    }
  });
  return issues;
}

/** Throws AppError('validation') naming the first error (and how many more) when the review has errors. */
export function assertValidReview(review: ReviewBody, ctx: ReviewContext): void {
  const errors = findReviewIssues(review, ctx).filter((i) => i.level === 'error');
  if (errors.length === 0) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new AppError('validation', `${errors[0].path}: ${errors[0].message}${more}`, {
    path: errors[0].path,
    field: errors[0].path,
  });
}
