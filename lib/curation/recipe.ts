/**
 * The curation recipe: a versioned JSON document, validated by zod. Every field is optional so a
 * hand-written file can name only what it changes; resolveRecipe fills the guide's defaults.
 * Objects are strict: a misspelt key ("minreward") is an error, not a silently ignored setting.
 * Caps use null for "no cap" because JSON has no Infinity.
 */
import { z } from 'zod';

export const CONDITION_OPS = ['>=', '>', '<=', '<', '==', '!='] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

const cap = z.number().int().positive().nullable();
const names = z.array(z.string()).nullable();

const conditionSchema = z
  .strictObject({
    metric: z.string().min(1).describe('Name of a numeric metric of the rollouts (see the rollout table).'),
    op: z.enum(CONDITION_OPS),
    value: z.number(),
  })
  .describe('Keep rollouts whose metric compares true; a rollout without the metric never matches, not even with !=.');

const binsSchema = z.union([
  z.number().int().min(1).max(1000).describe('Number of equal-width bins over the reward range.'),
  z
    .array(z.number())
    .min(2)
    .refine((e) => e.every((v, i) => i === 0 || v > e[i - 1]), 'bin edges must be strictly increasing')
    .describe('Explicit, strictly increasing bin edges.'),
]);

export const recipeSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Optional: where recipe.schema.json is, for editors that complete keys.'),
    version: z.literal(1).optional().describe('Recipe format version; 1.'),
    sft: z
      .strictObject({
        minReward: z
          .number()
          .nullable()
          .optional()
          .describe('Keep rollouts with reward >= this; null: no threshold. Default 0.95.'),
        successOnly: z.boolean().optional().describe('Keep only rollouts marked successful. Default false.'),
        where: z.array(conditionSchema).optional().describe('Metric conditions. Default none.'),
        combine: z
          .enum(['and', 'or'])
          .optional()
          .describe('How the `where` conditions combine; the other filters always apply (AND). Default and.'),
        tasks: names.optional().describe('Task ids to keep; null: every task. Default null.'),
        splits: names.optional().describe('Imported splits to keep; null: every split. Default null.'),
        prompts: names.optional().describe('Prompt keys to keep; null: every prompt. Default null.'),
        maxTokens: cap
          .optional()
          .describe('Drop rollouts longer than this many tokens (needs a token analysis); null: no limit.'),
        review: z
          .enum(['any', 'not-rejected', 'approved-only'])
          .optional()
          .describe('Review status to keep. Default not-rejected.'),
      })
      .optional()
      .describe('Which rollouts SFT keeps (also the selection of sft and ppo exports).'),
    dpo: z
      .strictObject({
        strategy: z
          .enum(['stratified', 'same-prompt', 'same-task'])
          .optional()
          .describe('How chosen and rejected are paired. Default same-prompt.'),
        high: z.number().optional().describe('stratified: chosen reward >= this. Default 0.7.'),
        low: z.number().optional().describe('stratified: rejected reward <= this. Default 0.4.'),
        minGap: z
          .number()
          .min(0)
          .optional()
          .describe('Minimum reward gap of a pair; a pair always needs a positive gap. Default 0.2.'),
        allPairs: z
          .boolean()
          .optional()
          .describe('Every above-gap pair in a group instead of best-with-worst. Default false.'),
        maxPairsPerChosen: cap.optional().describe('Cap per chosen rollout; null: no cap. Default 4.'),
        maxPairsPerPrompt: cap.optional().describe('Cap per prompt; null: no cap. Default 16.'),
        maxPairs: cap.optional().describe('Cap on all pairs (a seeded subset); null: no cap. Default null.'),
        seed: z.number().int().optional().describe('Seed for sampling and caps. Default 0.'),
      })
      .optional()
      .describe('How DPO pairs are made (the selection of preference exports).'),
    ppo: z
      .strictObject({
        bins: binsSchema.optional().describe('Reward histogram bins. Default 5.'),
        groupBy: z
          .enum(['prompt', 'task'])
          .optional()
          .describe('GRPO groups: rollouts of one prompt or of one task. Default prompt.'),
      })
      .optional()
      .describe('PPO/GRPO checks: reward distribution and per-group variance.'),
    split: z
      .strictObject({
        by: z
          .enum(['task', 'prompt', 'ratio', 'keep'])
          .optional()
          .describe(
            'task: no task in two splits; prompt: no prompt in two; ratio: per rollout; keep: as imported. Default task when the data has task ids, else prompt.',
          ),
        /** Held-out fraction (→ train/test), or weights per split name. */
        ratio: z
          .union([z.number().min(0).max(1), z.record(z.string().min(1), z.number().min(0))])
          .optional()
          .describe('The HELD-OUT share (0.1 = 90% train / 10% test), or a weight per split name. Default 0.1.'),
        seed: z.number().int().optional().describe('Split seed. Default 0.'),
        stratify: z.boolean().optional().describe('ratio only: exact shares within each reward bucket. Default false.'),
      })
      .optional()
      .describe('Preview a train/held-out split (an export states its own split rule).'),
  })
  .describe('A Sift curation recipe: every field is optional; an omitted field takes its default.');

export type Recipe = z.infer<typeof recipeSchema>;
export type Condition = z.infer<typeof conditionSchema>;

export interface SftOptions {
  minReward: number | null;
  successOnly: boolean;
  where: Condition[];
  combine: 'and' | 'or';
  tasks: string[] | null;
  splits: string[] | null;
  prompts: string[] | null;
  maxTokens: number | null;
  review: 'any' | 'not-rejected' | 'approved-only';
}

export type DpoStrategy = 'stratified' | 'same-prompt' | 'same-task';

export interface DpoOptions {
  strategy: DpoStrategy;
  high: number;
  low: number;
  minGap: number;
  allPairs: boolean;
  maxPairsPerChosen: number | null;
  maxPairsPerPrompt: number | null;
  maxPairs: number | null;
  seed: number;
}

export interface PpoOptions {
  bins: number | number[];
  groupBy: 'prompt' | 'task';
}

export interface SplitOptions {
  by: 'task' | 'prompt' | 'ratio' | 'keep';
  ratio: number | Record<string, number>;
  seed: number;
  stratify: boolean;
}

export interface ResolvedRecipe {
  version: 1;
  sft: SftOptions;
  dpo: DpoOptions;
  ppo: PpoOptions;
  split: SplitOptions | null;
}

export const DEFAULT_SFT: SftOptions = {
  // seed_pipeline's default; on binary rewards this is exactly reward == 1.
  minReward: 0.95,
  successOnly: false,
  where: [],
  combine: 'and',
  tasks: null,
  splits: null,
  prompts: null,
  maxTokens: null,
  review: 'not-rejected',
};

export const DEFAULT_DPO: DpoOptions = {
  strategy: 'same-prompt',
  high: 0.7,
  low: 0.4,
  minGap: 0.2,
  allPairs: false,
  // Bounds stratified pairing to 4 × |high tier| instead of |high| × |low|.
  maxPairsPerChosen: 4,
  maxPairsPerPrompt: 16,
  maxPairs: null,
  seed: 0,
};

export const DEFAULT_PPO: PpoOptions = { bins: 5, groupBy: 'prompt' };

/**
 * How rows are split when nobody names a rule: by task when the data has task ids (no task in two
 * splits, so the held-out split measures unseen tasks, as tau2's prepare_dataset does), else by prompt
 * (no prompt in two splits). The UI, the CLI and a recipe's split section all start from this.
 */
export function defaultSplitBy(hasTaskIds: boolean): SplitOptions['by'] {
  return hasTaskIds ? 'task' : 'prompt';
}

/** `ratio` here is the HELD-OUT share (an export's split rule states the train share: 1 − this). */
export const DEFAULT_SPLIT: SplitOptions = { by: 'task', ratio: 0.1, seed: 0, stratify: false };

export interface RecipeIssue {
  /** JSON path, e.g. "$.dpo.high" or "$.sft.where[0].op". */
  path: string;
  message: string;
  code: string;
}

export type RecipeParseResult = { ok: true; recipe: Recipe } | { ok: false; issues: RecipeIssue[] };

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : `${acc}.${String(k)}`), '$');
}

/** Validates a recipe given as parsed JSON or as JSON text. Never throws. */
export function parseRecipe(input: unknown): RecipeParseResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return {
        ok: false,
        issues: [{ path: '$', message: `invalid JSON: ${(e as Error).message}`, code: 'invalid_json' }],
      };
    }
  }
  const result = recipeSchema.safeParse(value);
  if (result.success) return { ok: true, recipe: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message, code: i.code })),
  };
}

const pick = <T>(v: T | undefined, d: T): T => (v === undefined ? d : v);

/**
 * Fills every omitted field with its default. `data.hasTaskIds` picks the split default
 * (defaultSplitBy); unknown, it is by task (rows without a task id are then split one by one).
 */
export function resolveRecipe(
  recipe: Recipe | ResolvedRecipe = {},
  data: { hasTaskIds?: boolean } = {},
): ResolvedRecipe {
  const s = recipe.sft ?? {};
  const d = recipe.dpo ?? {};
  const p = recipe.ppo ?? {};
  const sp = recipe.split;
  return {
    version: 1,
    sft: {
      minReward: pick(s.minReward, DEFAULT_SFT.minReward),
      successOnly: pick(s.successOnly, DEFAULT_SFT.successOnly),
      where: pick(s.where, DEFAULT_SFT.where),
      combine: pick(s.combine, DEFAULT_SFT.combine),
      tasks: pick(s.tasks, DEFAULT_SFT.tasks),
      splits: pick(s.splits, DEFAULT_SFT.splits),
      prompts: pick(s.prompts, DEFAULT_SFT.prompts),
      maxTokens: pick(s.maxTokens, DEFAULT_SFT.maxTokens),
      review: pick(s.review, DEFAULT_SFT.review),
    },
    dpo: {
      strategy: pick(d.strategy, DEFAULT_DPO.strategy),
      high: pick(d.high, DEFAULT_DPO.high),
      low: pick(d.low, DEFAULT_DPO.low),
      minGap: pick(d.minGap, DEFAULT_DPO.minGap),
      allPairs: pick(d.allPairs, DEFAULT_DPO.allPairs),
      maxPairsPerChosen: pick(d.maxPairsPerChosen, DEFAULT_DPO.maxPairsPerChosen),
      maxPairsPerPrompt: pick(d.maxPairsPerPrompt, DEFAULT_DPO.maxPairsPerPrompt),
      maxPairs: pick(d.maxPairs, DEFAULT_DPO.maxPairs),
      seed: pick(d.seed, DEFAULT_DPO.seed),
    },
    ppo: { bins: pick(p.bins, DEFAULT_PPO.bins), groupBy: pick(p.groupBy, DEFAULT_PPO.groupBy) },
    split: sp
      ? {
          by: pick(sp.by, defaultSplitBy(data.hasTaskIds ?? true)),
          ratio: pick(sp.ratio, DEFAULT_SPLIT.ratio),
          seed: pick(sp.seed, DEFAULT_SPLIT.seed),
          stratify: pick(sp.stratify, DEFAULT_SPLIT.stratify),
        }
      : null,
  };
}
