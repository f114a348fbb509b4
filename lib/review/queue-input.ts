/**
 * What a curator sends to create a review queue, and what a queue stores about where its items came
 * from. Shape only; lib/db/review/sources.ts turns a source into items.
 *
 * Sources (section 3 of issue 14): a curate selection (a recipe: its SFT kept set, or its DPO pairs
 * as pair items), the rollout table's filter and search (its URL query), the whole dataset, the
 * suspicious-rollout detector, or explicit rollout ids. Any of them can be cut to a seeded random
 * sample of N (lib/curation/hash.ts; never Math.random).
 */
import { z } from 'zod';
import { SUSPICIOUS_RULES, type SuspiciousRule } from './suspicious';
import { CONSENSUS_RULES, ITEM_KINDS } from './types';

/** Largest queue a source may make (10,000-item queues are the benchmark's size). */
export const MAX_QUEUE_ITEMS = 100_000;
/** A group item shows at most this many trials side by side. */
export const MAX_GROUP_SIZE = 8;

const suspiciousRules = Object.keys(SUSPICIOUS_RULES) as [SuspiciousRule, ...SuspiciousRule[]];

export const queueSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({
    kind: z.literal('recipe'),
    /** A recipe body (lib/curation recipeSchema; checked by parseRecipe). */
    recipe: z.unknown(),
    /** Which selection: the SFT kept set (rollout and group queues) or the DPO pairs (pair queues). */
    part: z.enum(['sft', 'dpo']),
    recipeName: z.string().max(200).optional(),
  }),
  z.strictObject({
    kind: z.literal('filter'),
    /** The rollout table's URL query (`?reward=..&q=..`); page, sort and columns are ignored. */
    query: z.string().max(4000),
  }),
  z.strictObject({ kind: z.literal('suspicious'), rules: z.array(z.enum(suspiciousRules)).max(20).optional() }),
  z.strictObject({
    kind: z.literal('rollouts'),
    rolloutIds: z.array(z.number().int().positive()).min(1).max(MAX_QUEUE_ITEMS),
  }),
]);

export type QueueSourceInput = z.infer<typeof queueSourceSchema>;

export const queueSampleSchema = z.strictObject({
  n: z.number().int().min(1).max(MAX_QUEUE_ITEMS),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});

export const createQueueInputSchema = z.strictObject({
  datasetId: z.number().int().positive(),
  name: z.string().trim().min(1, 'give the queue a name').max(120, 'at most 120 characters'),
  kind: z.enum(ITEM_KINDS),
  source: queueSourceSchema,
  sample: queueSampleSchema.nullable().optional(),
  overlap: z.number().int().min(1).max(10),
  instructions: z.string().max(20_000).default(''),
  /** Label ids offered in this queue; [] = the dataset's whole set. */
  labelIds: z.array(z.string().min(1).max(64)).max(50).default([]),
  blind: z.boolean().default(true),
  consensusRule: z.enum(CONSENSUS_RULES).default('majority'),
  /** User names the queue is assigned to; [] = anyone with the reviewer role. */
  assignees: z.array(z.string().min(1).max(100)).max(200).default([]),
});

export type CreateQueueInput = z.input<typeof createQueueInputSchema>;
export type CreateQueueData = z.output<typeof createQueueInputSchema>;
