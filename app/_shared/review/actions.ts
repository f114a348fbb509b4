'use server';
/**
 * Team review's server actions, shared by the viewer's review panel, the queue pages and the curate
 * page. Each: authorize (the least role first), parse with lib/review's schemas, call lib/db/review,
 * revalidate, return an ActionResult. Finer rules (a reviewer writes their own reviews and the items
 * assigned to them; a curator may fix anyone's) are lib/db/review's, against the actor.
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authorize } from '@/lib/auth/session';
import { ok, parseInput, toActionResult, type ActionResult } from '@/lib/action-result';
import { parseRecipe } from '@/lib/curation';
import { AppError } from '@/lib/errors';
import {
  addComment,
  adjudicateItem,
  createQueue,
  deleteQueue,
  releaseLease,
  renewLease,
  saveLabels,
  saveReview,
  skipItem,
  takeNextItem,
  undoReview,
  type CommentRow,
  type LeasedItem,
  type QueueSource,
  type ReviewRecord,
} from '@/lib/db/review';
import {
  adjudicationInputSchema,
  createQueueInputSchema,
  labelSetSchema,
  reviewInputSchema,
  type QueueSourceInput,
} from '@/lib/review';
import { parseRolloutQuery } from '@/lib/ui/rollout-query';

const id = z.number().int().positive();
/** lib/review's item id: a queue item ("42") or a rollout outside queues ("rollout:42"). */
const itemKey = z.string().regex(/^(\d{1,12}|rollout:\d{1,12})$/, 'a queue item id or rollout:<id>');

function revalidateReview(): void {
  revalidatePath('/review', 'layout');
  revalidatePath('/datasets/[id]/rollouts/[rid]', 'page');
}

async function run<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    const data = await work();
    revalidateReview();
    return ok(data);
  } catch (e) {
    return toActionResult(e);
  }
}

const saveSchema = z.strictObject({
  input: reviewInputSchema,
  /** The version the panel read (0: not saved yet). */
  version: z.number().int().min(0),
  submit: z.boolean(),
  /** Whose review, when a curator fixes someone else's (a person key from the page). */
  reviewer: z.string().min(1).max(200).optional(),
});

/** Saves a draft or submits. A stale version returns version_conflict (who changed it, when). */
export async function saveReviewAction(input: z.input<typeof saveSchema>): Promise<ActionResult<ReviewRecord>> {
  const auth = await authorize('reviewer');
  if (!auth.ok) return auth.result;
  const p = parseInput(saveSchema, input);
  if (!p.ok) return p.result;
  return run(() =>
    saveReview({
      input: p.data.input,
      expectedVersion: p.data.version,
      submit: p.data.submit,
      actor: auth.actor,
      reviewerKey: p.data.reviewer,
    }),
  );
}

const submitNextSchema = saveSchema.extend({ queueId: id });

/** Enter in queue mode: submits the review, then leases the next item (null when the queue is done for them). */
export async function submitAndNextAction(
  input: z.input<typeof submitNextSchema>,
): Promise<ActionResult<{ review: ReviewRecord; next: LeasedItem | null }>> {
  const auth = await authorize('reviewer');
  if (!auth.ok) return auth.result;
  const p = parseInput(submitNextSchema, input);
  if (!p.ok) return p.result;
  return run(async () => {
    const review = await saveReview({
      input: p.data.input,
      expectedVersion: p.data.version,
      submit: true,
      actor: auth.actor,
    });
    return { review, next: await takeNextItem({ queueId: p.data.queueId, actor: auth.actor }) };
  });
}

const undoSchema = z.strictObject({
  itemId: itemKey,
  version: z.number().int().min(0).optional(),
  reviewer: z.string().min(1).max(200).optional(),
});

/** u: reverts the actor's last change to the review (appending an event). */
export async function undoReviewAction(input: z.input<typeof undoSchema>): Promise<ActionResult<ReviewRecord>> {
  const auth = await authorize('reviewer');
  if (!auth.ok) return auth.result;
  const p = parseInput(undoSchema, input);
  if (!p.ok) return p.result;
  return run(() =>
    undoReview({
      itemId: p.data.itemId,
      expectedVersion: p.data.version,
      actor: auth.actor,
      reviewerKey: p.data.reviewer,
    }),
  );
}

const nextSchema = z.strictObject({ queueId: id, includeSkipped: z.boolean().optional() });

/** The next item for the actor, leased to them; null when nothing is left for them. */
export async function takeNextItemAction(input: z.input<typeof nextSchema>): Promise<ActionResult<LeasedItem | null>> {
  const auth = await authorize('reviewer');
  if (!auth.ok) return auth.result;
  const p = parseInput(nextSchema, input);
  if (!p.ok) return p.result;
  return run(() => takeNextItem({ ...p.data, actor: auth.actor }));
}

const itemSchema = z.strictObject({ itemId: id });

/** Skip: the item returns to the others; the actor moves on. */
export async function skipItemAction(input: z.input<typeof itemSchema>): Promise<ActionResult<ReviewRecord>> {
  const auth = await authorize('reviewer');
  if (!auth.ok) return auth.result;
  const p = parseInput(itemSchema, input);
  if (!p.ok) return p.result;
  return run(() => skipItem({ itemId: p.data.itemId, actor: auth.actor }));
}

/** Renews the actor's lease while they work (the page calls it every minute or two). */
export async function renewLeaseAction(
  input: z.input<typeof itemSchema>,
): Promise<ActionResult<{ leaseExpiresAt: string }>> {
  const auth = await authorize('reviewer');
  if (!auth.ok) return auth.result;
  const p = parseInput(itemSchema, input);
  if (!p.ok) return p.result;
  try {
    return ok(await renewLease({ itemId: p.data.itemId, actor: auth.actor }));
  } catch (e) {
    return toActionResult(e);
  }
}

/** Gives an item back without reviewing it (leaving the queue). */
export async function releaseLeaseAction(input: z.input<typeof itemSchema>): Promise<ActionResult<null>> {
  const auth = await authorize('reviewer');
  if (!auth.ok) return auth.result;
  const p = parseInput(itemSchema, input);
  if (!p.ok) return p.result;
  return run(async () => {
    await releaseLease({ itemId: p.data.itemId, actor: auth.actor });
    return null;
  });
}

const commentSchema = z.strictObject({
  rolloutId: id,
  messageIndex: z.number().int().min(0).max(1_000_000).nullable(),
  body: z.string().trim().min(1, 'write something').max(20_000),
});

export async function addCommentAction(input: z.input<typeof commentSchema>): Promise<ActionResult<CommentRow>> {
  const auth = await authorize('reviewer');
  if (!auth.ok) return auth.result;
  const p = parseInput(commentSchema, input);
  if (!p.ok) return p.result;
  return run(() => addComment({ ...p.data, authorId: auth.actor.id }));
}

/** The source as lib/db takes it: a recipe parsed, a table URL decoded into its filters and search. */
function resolveSource(s: QueueSourceInput): QueueSource {
  if (s.kind === 'recipe') {
    const parsed = parseRecipe(s.recipe);
    if (!parsed.ok)
      throw new AppError('invalid_recipe', `recipe ${parsed.issues[0].path}: ${parsed.issues[0].message}`, {
        field: 'source',
      });
    return { kind: 'recipe', recipe: parsed.recipe, part: s.part, recipeName: s.recipeName };
  }
  if (s.kind === 'filter') {
    const query = parseRolloutQuery(new URLSearchParams(s.query.replace(/^\?/, '')));
    return { kind: 'filter', query: s.query, filters: query.filters, q: query.q };
  }
  return s;
}

/** A curator creates a queue from a source; returns its id and item count. */
export async function createQueueAction(
  input: z.input<typeof createQueueInputSchema>,
): Promise<ActionResult<{ id: number; items: number }>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const p = parseInput(createQueueInputSchema, input);
  if (!p.ok) return p.result;
  return run(async () => {
    const { queue, items } = await createQueue({
      ...p.data,
      source: resolveSource(p.data.source),
      createdById: auth.actor.id,
    });
    return { id: queue.id, items };
  });
}

const deleteSchema = z.strictObject({ id });

export async function deleteQueueAction(input: z.input<typeof deleteSchema>): Promise<ActionResult<null>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const p = parseInput(deleteSchema, input);
  if (!p.ok) return p.result;
  return run(async () => {
    await deleteQueue({ id: p.data.id });
    return null;
  });
}

const labelsSchema = z.strictObject({ datasetId: id, labels: labelSetSchema });

/** A curator edits the dataset's label set (name, colour, key 1–9, description). */
export async function saveLabelsAction(input: z.input<typeof labelsSchema>): Promise<ActionResult<{ count: number }>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const p = parseInput(labelsSchema, input);
  if (!p.ok) return p.result;
  return run(async () => ({ count: (await saveLabels(p.data)).length }));
}

const adjudicateSchema = adjudicationInputSchema.extend({
  labels: z.array(z.string().min(1).max(64)).max(50).default([]),
});

/** A curator sets an item's final verdict (and labels) from the disagreements list. */
export async function adjudicateAction(
  input: z.input<typeof adjudicateSchema>,
): Promise<ActionResult<{ itemId: number }>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const p = parseInput(adjudicateSchema, input);
  if (!p.ok) return p.result;
  const itemId = Number(p.data.itemId);
  if (!Number.isInteger(itemId) || itemId <= 0)
    return toActionResult(new AppError('validation', 'itemId: a queue item id', { field: 'itemId' }));
  return run(async () => {
    await adjudicateItem({
      itemId,
      verdict: p.data.verdict,
      labels: p.data.labels,
      note: p.data.note,
      byId: auth.actor.id,
    });
    return { itemId };
  });
}
