/**
 * SFT selection: which rollouts become supervised examples. Rules:
 * - reward >= minReward (null reward never passes a threshold; minReward null = no threshold).
 *   On binary rewards the default 0.95 is exactly reward == 1.
 * - successOnly, task/split/prompt allow-lists, maxTokens and the review hook are always ANDed.
 * - `where` conditions combine among themselves with `combine` (and/or), then AND with the rest.
 * - An unknown metric name makes its condition false for every row and is reported, so a typo
 *   never silently keeps everything.
 */
import { andCondition, orCondition } from './conditions';
import { rewardOrder, rewardSuffixSums, taskMaxSorted } from './derived';
import { findColumn, REVIEW_APPROVED, REVIEW_REJECTED, type CurationModel } from './model';
import type { SftOptions } from './recipe';
import { lowerBound } from './sort';

export interface SftCounts {
  kept: number;
  dropped: number;
  /** Distinct tasks among kept rows. */
  tasks: number;
  mean: number | null;
  min: number | null;
  max: number | null;
}

export interface SftSelection extends SftCounts {
  /** 1 = kept. */
  mask: Uint8Array;
  /** `where` metrics the model has no column for. */
  unknownMetrics: string[];
  /** maxTokens was set but the model has no token counts yet. */
  maxTokensIgnored: boolean;
  /** Set when the mask is exactly `reward >= threshold` (the slider case): enables O(log n) stats. */
  threshold: number | null;
}

let scratch = new Uint8Array(0);

function allowList(values: string[] | null, dictionary: string[]): Uint8Array | null {
  if (!values) return null;
  const wanted = new Set(values);
  const allowed = new Uint8Array(dictionary.length);
  for (let k = 0; k < dictionary.length; k++) if (wanted.has(dictionary[k])) allowed[k] = 1;
  return allowed;
}

/**
 * Counts for the mask `reward >= t` from the sorted rewards, without touching the rows: the
 * slider's common case. Equal to the counting pass (the mean may differ in the last bits: it
 * sums in sorted order).
 */
function thresholdCounts(model: CurationModel, t: number): SftCounts {
  const { sorted } = rewardOrder(model);
  const p = lowerBound(sorted, t);
  const kept = sorted.length - p;
  const taskMax = taskMaxSorted(model);
  return {
    kept,
    dropped: model.n - kept,
    tasks: taskMax.length - lowerBound(taskMax, t),
    mean: kept ? rewardSuffixSums(model)[p] / kept : null,
    min: kept ? sorted[p] : null,
    max: kept ? sorted[sorted.length - 1] : null,
  };
}

/** Fills `out` (reused when it has length n, so slider moves allocate nothing big). */
export function selectSft(model: CurationModel, options: SftOptions, out?: Uint8Array): SftSelection {
  const { n, reward, success, taskIdx, promptIdx, splitIdx } = model;
  const mask = out && out.length === n ? out : new Uint8Array(n);
  const minReward = options.minReward;
  const hasMin = minReward !== null;
  const successOnly = options.successOnly;
  const taskOk = allowList(options.tasks, model.tasks);
  const splitOk = allowList(options.splits, model.splits);
  const promptOk = allowList(options.prompts, model.prompts);
  const tokens = options.maxTokens !== null ? model.tokens : undefined;
  const maxTokens = options.maxTokens ?? 0;
  const review = model.reviewStatus && options.review !== 'any' ? model.reviewStatus : undefined;
  const approvedOnly = options.review === 'approved-only';
  // Without a review column nothing is approved yet, so approved-only keeps nothing.
  const noneApproved = approvedOnly && !model.reviewStatus;

  // Column at a time: one tight loop per active filter beats one loop testing every flag.
  if (noneApproved) mask.fill(0);
  else if (hasMin) for (let i = 0; i < n; i++) mask[i] = reward[i] >= minReward ? 1 : 0;
  else mask.fill(1);
  if (successOnly) for (let i = 0; i < n; i++) if (mask[i] && success[i] !== 1) mask[i] = 0;
  if (taskOk) for (let i = 0; i < n; i++) if (mask[i] && !(taskIdx[i] >= 0 && taskOk[taskIdx[i]])) mask[i] = 0;
  if (splitOk) for (let i = 0; i < n; i++) if (mask[i] && !(splitIdx[i] >= 0 && splitOk[splitIdx[i]])) mask[i] = 0;
  if (promptOk) for (let i = 0; i < n; i++) if (mask[i] && !(promptIdx[i] >= 0 && promptOk[promptIdx[i]])) mask[i] = 0;
  // Unknown token counts (-1) pass: nothing says the rollout is too long.
  if (tokens) for (let i = 0; i < n; i++) if (mask[i] && tokens[i] > maxTokens) mask[i] = 0;
  if (review) {
    const want = approvedOnly ? REVIEW_APPROVED : REVIEW_REJECTED;
    for (let i = 0; i < n; i++) if (mask[i] && (review[i] === want) !== approvedOnly) mask[i] = 0;
  }

  const thresholdOnly =
    hasMin &&
    !noneApproved &&
    !successOnly &&
    !taskOk &&
    !splitOk &&
    !promptOk &&
    !tokens &&
    !review &&
    options.where.length === 0;
  const maxTokensIgnored = options.maxTokens !== null && !model.tokens;
  if (thresholdOnly)
    return { mask, ...thresholdCounts(model, minReward), unknownMetrics: [], maxTokensIgnored, threshold: minReward };

  const unknownMetrics: string[] = [];
  const columns = options.where.map((c) => {
    const col = findColumn(model, c.metric);
    if (!col && !unknownMetrics.includes(c.metric)) unknownMetrics.push(c.metric);
    return col;
  });
  if (options.where.length > 0) {
    if (options.combine === 'and') {
      options.where.forEach((c, k) => {
        const col = columns[k];
        if (col) andCondition(col, c.op, c.value, mask);
        else mask.fill(0);
      });
    } else {
      if (scratch.length < n) scratch = new Uint8Array(n);
      const any = scratch.subarray(0, n);
      any.fill(0);
      options.where.forEach((c, k) => {
        const col = columns[k];
        if (col) orCondition(col, c.op, c.value, mask, any);
      });
      for (let i = 0; i < n; i++) mask[i] &= any[i];
    }
  }

  // One fused pass for the counts the page shows on every slider move.
  const seen = new Uint8Array(model.tasks.length);
  let kept = 0;
  let rewarded = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    kept++;
    const t = taskIdx[i];
    if (t >= 0) seen[t] = 1;
    const v = reward[i];
    if (v !== v) continue;
    rewarded++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let tasks = 0;
  for (let t = 0; t < seen.length; t++) tasks += seen[t];
  return {
    mask,
    kept,
    dropped: n - kept,
    tasks,
    mean: rewarded ? sum / rewarded : null,
    // + 0 turns -0 into 0, as the sorted fast path does.
    min: rewarded ? min + 0 : null,
    max: rewarded ? max + 0 : null,
    unknownMetrics,
    maxTokensIgnored,
    threshold: null,
  };
}
