/**
 * What an export is asked to do: the input of the export core (lib/jobs/export.ts), stored on the
 * Export row as the re-run input and echoed into manifest.json. Pure (zod only), so the exports
 * form can share the defaults.
 *
 * Split rule: `ratio` is the share of the first split ("train"); the rest goes to `heldOut`, named
 * by format when not given (defaults.ts: "val" for verl, whose trainers read train/val files, "test"
 * otherwise). Every default lives in defaults.ts.
 */
import { z } from 'zod';
import { recipeSchema, type SplitOptions } from '../curation';
import { DEFAULT_SPLIT_SEED, DEFAULT_TRAIN_SHARE, heldOutDefault } from './defaults';
import { EXPORT_FORMAT_IDS, exportFormatInfo, type ExportFormatId } from './formats';
import type { Manifest } from './manifest';

const splitName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ or -');

export const SPLIT_BYS = ['task', 'prompt', 'ratio', 'keep'] as const;
export type SplitBy = (typeof SPLIT_BYS)[number];

export const splitRuleSchema = z.strictObject({
  by: z.enum(SPLIT_BYS),
  /** Share of "train", 0..1. Ignored by `keep`. */
  ratio: z.number().min(0).max(1).default(DEFAULT_TRAIN_SHARE),
  /** Name of the held-out split; default by format (see heldOutDefault). */
  heldOut: splitName.refine((n) => n !== 'train', 'the held-out split must not be called train').optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(DEFAULT_SPLIT_SEED),
  /** ratio only: exact shares within each reward bucket. */
  stratify: z.boolean().default(false),
});

export const KTO_LABELS = ['recipe', 'success'] as const;

/** Writer options a user may set (each writer ignores what it does not read), plus KTO labelling. */
export const exportOptionsSchema = z.strictObject({
  systemPrompt: z.enum(['auto', 'data']).optional(),
  userTools: z.enum(['drop', 'fold']).optional(),
  reasoning: z.enum(['drop', 'reasoning_content']).optional(),
  endOn: z.enum(['last-assistant', 'last-text-assistant']).optional(),
  parallelToolCalls: z.boolean().optional(),
  /** verl SFT layout. */
  mode: z.enum(['multi-turn', 'single-turn']).optional(),
  /** verl: data_source for every row; default each rollout's source (tau2/<domain>, nemo-gym/<agent>, ...). */
  dataSource: z.string().trim().min(1).max(200).optional(),
  ability: z.string().min(1).max(200).optional(),
  /** verl: reward_model.ground_truth from this field of the rollout's meta, e.g. fields.expected_answer. */
  groundTruthField: z
    .string()
    .trim()
    .max(200)
    .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a dotted path into the rollout meta, e.g. fields.expected_answer')
    .optional(),
  /** sft-json's file name (`sift make` writes NAME.json). */
  fileName: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.json$/, 'a plain .json file name')
    .optional(),
  /** sft-json: splits always present in the document, [] when empty (tau2's make writes train and test). */
  splits: z.array(splitName).max(16).optional(),
  /**
   * KTO: 'recipe' (default) = desirable when the rollout passes the whole recipe, undesirable when it
   * passes every filter except the reward threshold / success-only; 'success' = label is the
   * rollout's success flag (rows with unknown success are left out).
   */
  ktoLabel: z.enum(KTO_LABELS).optional(),
});

export const exportRequestSchema = z.strictObject({
  version: z.literal(1).default(1),
  datasetId: z.number().int().positive(),
  format: z.enum(EXPORT_FORMAT_IDS),
  recipe: recipeSchema,
  split: splitRuleSchema,
  /** The user's name; the folder is its sanitised form (lib/export/paths.ts). */
  name: z.string().trim().min(1).max(200),
  options: exportOptionsSchema.default({}),
});

export type SplitRule = z.infer<typeof splitRuleSchema>;
export type ExportOptions = z.infer<typeof exportOptionsSchema>;
export type ExportRequest = z.infer<typeof exportRequestSchema>;
export type ExportRequestInput = z.input<typeof exportRequestSchema>;

export { heldOutDefault };

/** The split rule as lib/curation's assignSplits takes it. */
export function toSplitOptions(format: ExportFormatId, rule: SplitRule): SplitOptions {
  const heldOut = rule.heldOut ?? heldOutDefault(format);
  return {
    by: rule.by,
    ratio: { train: rule.ratio, [heldOut]: 1 - rule.ratio },
    seed: rule.seed,
    stratify: rule.stratify,
  };
}

/** One line for the UI, the CLI and the manifest's `split.rule`. */
export function describeSplit(format: ExportFormatId, rule: SplitRule): string {
  if (rule.by === 'keep') return 'keep: the imported split (rows without one → train)';
  const heldOut = rule.heldOut ?? heldOutDefault(format);
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const unit =
    rule.by === 'task'
      ? 'by task id'
      : rule.by === 'prompt'
        ? 'by prompt group'
        : rule.stratify
          ? 'by rollout, stratified by reward'
          : 'by rollout';
  return `${unit}: train ${pct(rule.ratio)} / ${heldOut} ${pct(1 - rule.ratio)}, hash(seed ${rule.seed}, key)`;
}

export function exportKindOf(format: ExportFormatId) {
  return exportFormatInfo(format)!.kind;
}

/**
 * The request that reproduces a manifest's export (under another name). Throws when the manifest
 * was not written by this version's export core.
 */
export function requestFromManifest(manifest: Manifest, name: string): ExportRequest {
  const s = manifest.split as Record<string, unknown>;
  return exportRequestSchema.parse({
    version: 1,
    datasetId: Number(manifest.dataset.id),
    format: manifest.format,
    recipe: manifest.recipe,
    split: { by: s.by, ratio: s.ratio, heldOut: s.heldOut, seed: s.seed, stratify: s.stratify },
    name,
    options: manifest.options ?? {},
  });
}
