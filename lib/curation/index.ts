/** Public surface of lib/curation (pure: no db, React, Next or node:fs). */
export { buildModel, findColumn, ModelBuilder, REVIEW_APPROVED, REVIEW_REJECTED, REVIEW_UNREVIEWED } from './model';
export type { CurationModel, CurationRow, MetricColumn, ReviewStatus } from './model';
export { fromWire, toWire, WIRE_FORMAT } from './wire';
export type { CurationWire } from './wire';
export {
  CONDITION_OPS,
  DEFAULT_DPO,
  DEFAULT_PPO,
  DEFAULT_SFT,
  DEFAULT_SPLIT,
  defaultSplitBy,
  parseRecipe,
  recipeSchema,
  resolveRecipe,
} from './recipe';
export type {
  Condition,
  ConditionOp,
  DpoOptions,
  DpoStrategy,
  PpoOptions,
  Recipe,
  RecipeIssue,
  RecipeParseResult,
  ResolvedRecipe,
  SftOptions,
  SplitOptions,
} from './recipe';
export { selectSft } from './sft';
export type { SftCounts, SftSelection } from './sft';
export { binCounts, binOf, gapHistogram, makeEdges, rewardHistogram } from './histogram';
export type { Histogram, StackedHistogram } from './histogram';
export { sortTaskSpread, taskSpread } from './task-spread';
export type { TaskSpreadKey, TaskSpreadRow } from './task-spread';
export { pairDpo } from './dpo';
export type { DpoResult } from './dpo';
export { MAX_MATERIALIZED_PAIRS } from './pairs';
export type { DpoPairs, DpoStats } from './pairs';
export { ppoStats } from './ppo';
export type { PpoResult, PpoStats } from './ppo';
export { findRedFlags } from './red-flags';
export type { RedFlag, RedFlagInput, RedFlagLevel } from './red-flags';
export { assignSplits } from './splits';
export type { SplitAssignment } from './splits';
export { fmix32, fnv1a32, hashPair, hashSeedId, unitFloat } from './hash';
export { domainOf, summarize } from './stats';
export type { Domain, Summary } from './stats';
export { evaluateRecipe } from './evaluate';
export type { CurationEvaluation, CurationSelection, CurationSummary, EvaluateOptions } from './evaluate';
