/**
 * PPO/GRPO signal checks over ALL rollouts with a reward (RL uses every rollout, as seed_pipeline
 * does): distribution summary, binned counts over the data's real range, and per-group variance.
 * GRPO advantages are zero in a group whose rewards are all equal, so the zero-variance share is
 * the fraction of groups that teach nothing.
 */
import { promptGroups, rewardSummary, taskGroups } from './derived';
import { makeEdges, rewardBinCounts } from './histogram';
import type { CurationModel } from './model';
import type { PpoOptions } from './recipe';
import { domainOf } from './stats';

export interface PpoStats {
  count: number;
  mean: number | null;
  /** Sample std (n - 1), like Python's statistics.stdev. */
  std: number | null;
  min: number | null;
  max: number | null;
  edges: number[];
  /** Top bin includes the top edge; values outside explicit edges are in below/above. */
  bins: number[];
  below: number;
  above: number;
  /** Groups (by prompt or task) with at least 2 rewarded rollouts. */
  groups: number;
  zeroVarianceGroups: number;
  /** zeroVarianceGroups / groups (0 when there are no groups). */
  zeroVarianceShare: number;
  /**
   * Groups where every reward is at the top of the domain (1 for 0..1 rewards) / at the bottom. Shown
   * as "all at max / min", not "all pass": the Tasks page's "All pass" counts tasks whose every trial
   * SUCCEEDED (success flag, else reward at the dataset's max), single-trial tasks included.
   */
  allPassGroups: number;
  allFailGroups: number;
  /** Mean of per-group sample std over groups. */
  meanGroupStd: number | null;
}

export interface PpoResult {
  stats: PpoStats;
  /** Sample variance per group index (NaN for groups with fewer than 2 rewarded rollouts). */
  groupVariance: Float64Array;
}

export function ppoStats(model: CurationModel, options: PpoOptions): PpoResult {
  const s = rewardSummary(model);
  const d = domainOf(s.min, s.max);
  const edges = typeof options.bins === 'number' ? makeEdges(d.lo, d.hi, options.bins) : options.bins;
  const h = rewardBinCounts(model, edges);
  const { offsets, rows } = options.groupBy === 'task' ? taskGroups(model) : promptGroups(model);
  const reward = model.reward;
  const count = offsets.length - 1;
  const groupVariance = new Float64Array(Math.max(0, count)).fill(NaN);
  let groups = 0;
  let zero = 0;
  let allPass = 0;
  let allFail = 0;
  let stdSum = 0;
  for (let k = 0; k < count; k++) {
    const start = offsets[k];
    const end = offsets[k + 1];
    const size = end - start;
    if (size < 2) continue;
    groups++;
    // Rows are sorted by reward descending: first is the max, last the min.
    const max = reward[rows[start]];
    const min = reward[rows[end - 1]];
    if (min >= d.hi) allPass++;
    if (max <= d.lo) allFail++;
    if (max === min) {
      zero++;
      groupVariance[k] = 0;
      continue;
    }
    let sum = 0;
    for (let p = start; p < end; p++) sum += reward[rows[p]];
    const mean = sum / size;
    let ss = 0;
    for (let p = start; p < end; p++) {
      const dv = reward[rows[p]] - mean;
      ss += dv * dv;
    }
    groupVariance[k] = ss / (size - 1);
    stdSum += Math.sqrt(groupVariance[k]);
  }
  return {
    stats: {
      count: s.count,
      mean: s.mean,
      std: s.std,
      min: s.min,
      max: s.max,
      edges,
      bins: h.counts,
      below: h.below,
      above: h.above,
      groups,
      zeroVarianceGroups: zero,
      zeroVarianceShare: groups ? zero / groups : 0,
      allPassGroups: allPass,
      allFailGroups: allFail,
      meanGroupStd: groups ? stdSum / groups : null,
    },
    groupVariance,
  };
}
