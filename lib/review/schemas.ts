/**
 * Zod schemas for everything review-shaped that crosses a boundary: server action inputs, stored
 * JSON read back, `sift review` files. Objects are strict (a misspelt key is an error, not a
 * silently dropped field). Sizes are capped because actions are public endpoints.
 *
 * These check shape only. What needs the item, the label set or the rollout (a ranking names the
 * group's rollouts, a label exists, a message index is an assistant turn, tool arguments fit their
 * schema) is checked by review-check.ts and corrections.ts.
 */
import { z } from 'zod';
import {
  CONSENSUS_RULES,
  PAIR_VERDICTS,
  ROLLOUT_VERDICTS,
  type Adjudication,
  type Correction,
  type Review,
  type ReviewComment,
  type ReviewItem,
  type RolloutAnnotation,
  type Verdict,
} from './types';

const id = z.string().min(1).max(200);
const messageIndex = z.number().int().min(0).max(1_000_000);
const isoTime = z.iso.datetime({ offset: true });
/** Text a person writes or edits: a turn can be long (a code answer), a note less so. */
const longText = z.string().max(200_000);

export const rankingSchema = z
  .array(z.array(id).min(1))
  .min(1)
  .max(100)
  .refine((tiers) => {
    const all = tiers.flat();
    return new Set(all).size === all.length;
  }, 'a rollout appears in more than one place of the ranking');

export const verdictSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rollout'), value: z.enum(ROLLOUT_VERDICTS) }),
  z.strictObject({ kind: z.literal('pair'), value: z.enum(PAIR_VERDICTS) }),
  z.strictObject({ kind: z.literal('group'), ranking: rankingSchema }),
]);

export const reviewItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({ id, kind: z.literal('rollout'), rolloutId: id }),
  z.strictObject({ id, kind: z.literal('pair'), chosen: id, rejected: id }),
  z.strictObject({ id, kind: z.literal('group'), rolloutIds: z.array(id).min(2).max(100) }),
]);

export const correctedToolCallSchema = z.strictObject({
  name: z.string().min(1).max(200),
  arguments: z.string().max(200_000),
});

export const correctionSchema = z
  .strictObject({
    messageIndex,
    content: longText.nullable().optional(),
    toolCalls: z.array(correctedToolCallSchema).max(64).optional(),
  })
  .refine((c) => c.content !== undefined || c.toolCalls !== undefined, 'a correction changes the text or the calls');

export const rolloutAnnotationSchema = z.strictObject({
  rolloutId: id,
  firstBadStep: z.strictObject({ messageIndex, reasonLabel: id.nullable() }).nullable(),
  ratings: z.array(z.strictObject({ messageIndex, rating: z.enum(['good', 'bad']) })).max(10_000),
  corrections: z.array(correctionSchema).max(1000),
});

/** What the review panel sends when it saves: the server adds the reviewer, queue and times. */
export const reviewInputSchema = z.strictObject({
  itemId: id,
  verdict: verdictSchema.nullable(),
  note: z.string().max(20_000),
  labels: z.array(id).max(50),
  annotations: z.array(rolloutAnnotationSchema).max(100),
  durationMs: z.number().int().min(0).nullable(),
});

/** A stored review (the database's JSON, a review log line). Submitting takes a verdict. */
export const reviewSchema = reviewInputSchema
  .extend({
    queueId: id.nullable(),
    reviewer: id,
    submittedAt: isoTime.nullable(),
  })
  .refine((r) => r.submittedAt === null || r.verdict !== null, {
    message: 'a submitted review has a verdict',
    path: ['verdict'],
  });

export const consensusRuleSchema = z.enum(CONSENSUS_RULES);

/** A queue's consensus settings (consensus.ts ConsensusOptions): the rule and the overlap k. */
export const consensusOptionsSchema = z.strictObject({
  rule: consensusRuleSchema,
  minReviews: z.number().int().min(1).max(20).optional(),
});

/** What a curator sends from the disagreements list. */
export const adjudicationInputSchema = z.strictObject({
  itemId: id,
  verdict: verdictSchema,
  note: z.string().max(20_000),
});

export const adjudicationSchema = adjudicationInputSchema.extend({ by: id, at: isoTime });

export const reviewCommentSchema = z.strictObject({
  rolloutId: id,
  messageIndex: messageIndex.nullable(),
  author: id,
  body: z.string().trim().min(1).max(20_000),
  at: isoTime,
});

// Compile-time proof that the schemas and types.ts describe the same values: a field added to one
// and not the other fails `tsc --noEmit`.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const proofs: [
  Same<z.infer<typeof verdictSchema>, Verdict>,
  Same<z.infer<typeof reviewItemSchema>, ReviewItem>,
  Same<z.infer<typeof correctionSchema>, Correction>,
  Same<z.infer<typeof rolloutAnnotationSchema>, RolloutAnnotation>,
  Same<z.infer<typeof reviewSchema>, Review>,
  Same<z.infer<typeof adjudicationSchema>, Adjudication>,
  Same<z.infer<typeof reviewCommentSchema>, ReviewComment>,
] = [true, true, true, true, true, true, true];
void proofs;

export type ReviewInput = z.infer<typeof reviewInputSchema>;
export type AdjudicationInput = z.infer<typeof adjudicationInputSchema>;
