/**
 * The one set of export defaults. The exports page, its preview, `sift export` (and its --help) and
 * the manifest all read them from here, so the UI and the CLI cannot drift apart again. Pure (no
 * node imports): the browser imports this file.
 *
 * - Split rule: by task when the dataset has task ids, else by prompt (lib/curation's
 *   defaultSplitBy), train share 0.9, seed 0.
 * - Held-out split name: what the trainer that reads the format expects (heldOutSplit).
 * - Selection: the default recipe (reward >= 0.95, lib/curation's DEFAULT_SFT).
 */
import { DEFAULT_SFT, DEFAULT_SPLIT, defaultSplitBy } from '../curation';
import { EXPORT_FORMAT_IDS, type ExportFormatId } from './formats';
import type { SplitBy } from './request';

export const DEFAULT_EXPORT_FORMAT: ExportFormatId = 'openai-chat';
/** Share of rows in "train"; the rest is held out. The recipe's split section states the held-out share. */
export const DEFAULT_TRAIN_SHARE = Math.round((1 - (DEFAULT_SPLIT.ratio as number)) * 1000) / 1000;
export const DEFAULT_SPLIT_SEED = DEFAULT_SPLIT.seed;
/** The quick filter's reward threshold: the default recipe's. */
export const DEFAULT_MIN_REWARD = DEFAULT_SFT.minReward;

export interface DefaultSplitRule {
  by: SplitBy;
  ratio: number;
  seed: number;
  stratify: boolean;
}

/** The split rule an export uses when nobody names one. */
export function defaultSplitRule({ hasTaskIds }: { hasTaskIds: boolean }): DefaultSplitRule {
  return { by: defaultSplitBy(hasTaskIds), ratio: DEFAULT_TRAIN_SHARE, seed: DEFAULT_SPLIT_SEED, stratify: false };
}

/** Why each rule, in one line (the export form's hint and `sift export --help`). */
export const SPLIT_BY_WHY: Record<SplitBy, string> = {
  task: 'no task in two splits, so the held-out split measures unseen tasks (tau2 prepare_dataset does the same)',
  prompt: 'no prompt group in two splits, so no held-out prompt was trained on',
  ratio: 'each rollout placed on its own by a seeded hash; one task or prompt may land in both splits',
  keep: 'the split each rollout was imported with (rows without one go to train)',
};

/** Why "Split by task" is not offered for a dataset. */
export const NO_TASK_IDS_REASON = 'This dataset has no task ids, so there are no tasks to keep apart.';

export interface HeldOutSplit {
  /** The held-out split's name: its file name (val.parquet, test.jsonl) and its name in the manifest. */
  name: string;
  /** Why that name, for the preview and --help. */
  why: string;
}

const VERL = 'verl trainers read data.train_files and data.val_files';
const TRL = "TRL's scripts read dataset_test_split, which defaults to test";

const HELD_OUT: Record<ExportFormatId, HeldOutSplit> = {
  'openai-chat': { name: 'test', why: `${TRL}; tau2's to-openai writes test_<name>.jsonl` },
  'sft-json': { name: 'test', why: "tau2's prepare_dataset writes the splits train and test" },
  'verl-sft-parquet': { name: 'val', why: VERL },
  'verl-sft-csv': { name: 'val', why: VERL },
  'dpo-pairs': { name: 'test', why: TRL },
  'trl-preference': { name: 'test', why: TRL },
  'openai-dpo': { name: 'test', why: TRL },
  kto: { name: 'test', why: TRL },
  'verl-rl-parquet': { name: 'val', why: VERL },
  'rollouts-jsonl': { name: 'test', why: TRL },
};

export function heldOutSplit(format: ExportFormatId): HeldOutSplit {
  return HELD_OUT[format];
}

/** The held-out split's name when the split rule does not give one. */
export function heldOutDefault(format: ExportFormatId): string {
  return HELD_OUT[format].name;
}

/** `--help` text: the held-out split each format writes, and why. */
export function heldOutHelp(): string {
  const width = Math.max(...EXPORT_FORMAT_IDS.map((id) => id.length));
  return EXPORT_FORMAT_IDS.map(
    (id) => `  ${id.padEnd(width)}  ${HELD_OUT[id].name.padEnd(4)}  ${HELD_OUT[id].why}`,
  ).join('\n');
}

/** The name an export gets when the user types none (before it is made safe as a folder name). */
export function defaultExportName(datasetName: string, format: ExportFormatId): string {
  return `${datasetName}-${format}`;
}
