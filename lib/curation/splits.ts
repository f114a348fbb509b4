/**
 * Train/test (or any named) splits for exports. Deterministic: every assignment comes from
 * hashSeedId(seed, key), so the same seed gives the same split on any machine, and adding rows
 * never moves existing ones (except in stratified mode, which allocates exact shares per bucket).
 * - task:   the key is the task id, so no task is in two splits (tau2 prepare_dataset semantics).
 *           Rows without a task are split individually by id.
 * - prompt: the key is the prompt key, so no prompt group straddles splits.
 * - ratio:  the key is the rollout id; with stratify, exact shares within each reward bucket
 *           (10 bins over the reward domain, plus one for null rewards).
 * - keep:   the imported split; rows without one go to "train".
 */
import { rewardSummary, rowHashes } from './derived';
import { hashSeedId } from './hash';
import { binOf, makeEdges } from './histogram';
import type { CurationModel } from './model';
import type { SplitOptions } from './recipe';
import { sortRowsByKey } from './sort';
import { domainOf } from './stats';

export interface SplitAssignment {
  /** Split index per row into `names`; -1 for rows outside the mask. */
  index: Int8Array;
  names: string[];
  counts: number[];
}

const STRATA = 10;

function weightsOf(ratio: SplitOptions['ratio']): { names: string[]; cumulative: number[] } {
  const entries: [string, number][] =
    typeof ratio === 'number'
      ? [
          ['train', 1 - ratio],
          ['test', ratio],
        ]
      : Object.entries(ratio);
  if (entries.length === 0) entries.push(['train', 1]);
  if (entries.length > 127) throw new Error('splits: at most 127 split names');
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const cumulative = entries.map(([, w]) => (acc += total > 0 ? w / total : 0));
  cumulative[cumulative.length - 1] = 1;
  return { names: entries.map(([name]) => name), cumulative };
}

/** Split for a uint32 hash: the first k with h / 2^32 < cumulative[k]. */
function pick(h: number, cumulative: number[]): number {
  const u = h / 4294967296;
  for (let k = 0; k < cumulative.length - 1; k++) if (u < cumulative[k]) return k;
  return cumulative.length - 1;
}

export function assignSplits(model: CurationModel, options: SplitOptions, mask?: Uint8Array): SplitAssignment {
  const n = model.n;
  const index = new Int8Array(n).fill(-1);
  const inMask = (i: number): boolean => !mask || mask[i] === 1;
  let names: string[];

  if (options.by === 'keep') {
    names = [...model.splits];
    let fallback = names.indexOf('train');
    for (let i = 0; i < n; i++) {
      if (!inMask(i)) continue;
      let s = model.splitIdx[i];
      if (s < 0) {
        if (fallback < 0) fallback = names.push('train') - 1;
        s = fallback;
      }
      index[i] = s;
    }
  } else {
    const w = weightsOf(options.ratio);
    names = w.names;
    const rowHash = rowHashes(model, options.seed);
    if (options.by === 'task' || options.by === 'prompt') {
      const dict = options.by === 'task' ? model.tasks : model.prompts;
      const of = options.by === 'task' ? model.taskIdx : model.promptIdx;
      const groupSplit = new Int8Array(dict.length);
      for (let k = 0; k < dict.length; k++) groupSplit[k] = pick(hashSeedId(options.seed, dict[k]), w.cumulative);
      for (let i = 0; i < n; i++) {
        if (!inMask(i)) continue;
        index[i] = of[i] >= 0 ? groupSplit[of[i]] : pick(rowHash[i], w.cumulative);
      }
    } else if (!options.stratify) {
      for (let i = 0; i < n; i++) if (inMask(i)) index[i] = pick(rowHash[i], w.cumulative);
    } else {
      assignStratified(model, rowHash, w.cumulative, inMask, index);
    }
  }

  const counts = new Array<number>(names.length).fill(0);
  for (let i = 0; i < n; i++) if (index[i] >= 0) counts[index[i]]++;
  return { index, names, counts };
}

function assignStratified(
  model: CurationModel,
  rowHash: Uint32Array,
  cumulative: number[],
  inMask: (i: number) => boolean,
  index: Int8Array,
): void {
  const s = rewardSummary(model);
  const d = domainOf(s.min, s.max);
  const edges = makeEdges(d.lo, d.hi, STRATA);
  const bucket = new Int8Array(model.n);
  const size = new Int32Array(STRATA + 1);
  let m = 0;
  for (let i = 0; i < model.n; i++) {
    if (!inMask(i)) continue;
    const v = model.reward[i];
    bucket[i] = v === v ? binOf(edges, v) : STRATA;
    size[bucket[i]]++;
    m++;
  }
  const rows = new Int32Array(m);
  for (let i = 0, o = 0; i < model.n; i++) if (inMask(i)) rows[o++] = i;
  const ordered = sortRowsByKey(rows, rowHash);
  // Within each bucket, rows in hash order fill split k up to round(cumulative[k] * size).
  const seen = new Int32Array(STRATA + 1);
  for (let p = 0; p < m; p++) {
    const i = ordered[p];
    const b = bucket[i];
    const pos = seen[b]++;
    let k = 0;
    while (k < cumulative.length - 1 && pos >= Math.round(cumulative[k] * size[b])) k++;
    index[i] = k;
  }
}
