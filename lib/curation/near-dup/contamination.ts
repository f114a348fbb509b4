/**
 * Train/test contamination: near-duplicate pairs whose rows landed on different sides of a split,
 * and the fix that moves each straddling cluster wholly to one side. Splits are given as lib/curation
 * SplitAssignment-like index arrays (split index per row, -1 for rows outside the selection).
 */
import { pairsAtThreshold, type Clusters } from './cluster';
import type { CandidatePairs } from './lsh';

export interface SplitSides {
  /** Split index per row (-1: not in any split). */
  index: Int8Array;
  /** Which split indices count as train and which as test (e.g. validation with test). */
  train: readonly number[];
  test: readonly number[];
}

export interface CrossPair {
  train: number;
  test: number;
  similarity: number;
}

/** Pairs at or above `threshold` with one row in train and the other in test, most similar first. */
export function findCrossSplitPairs(pairs: CandidatePairs, threshold: number, sides: SplitSides): CrossPair[] {
  const out: CrossPair[] = [];
  const isTrain = (r: number) => sides.train.includes(sides.index[r]);
  const isTest = (r: number) => sides.test.includes(sides.index[r]);
  const m = pairsAtThreshold(pairs, threshold);
  for (let p = 0; p < m; p++) {
    const a = pairs.a[p];
    const b = pairs.b[p];
    const similarity = pairs.matches[p] / pairs.k;
    if (isTrain(a) && isTest(b)) out.push({ train: a, test: b, similarity });
    else if (isTest(a) && isTrain(b)) out.push({ train: b, test: a, similarity });
  }
  return out;
}

export interface MoveResult {
  /** The new split index per row. */
  index: Int8Array;
  /** Clusters that straddled train and test. */
  clustersMoved: number;
  /** Rows whose split changed. */
  rowsMoved: number;
}

/**
 * Moves every cluster with rows in both train and test to one side: `majority` (default) to the
 * side holding more of the cluster's rows (ties to train: the test set stays clean and loses the
 * fewest rows), `train` always to train. Moved rows take the split index of the cluster's
 * first row on that side. Rows in neither side (validation, unselected) never move.
 */
export function moveClustersToOneSide(
  clusters: Pick<Clusters, 'label'>,
  sides: SplitSides,
  prefer: 'majority' | 'train' = 'majority',
): MoveResult {
  const { label } = clusters;
  const n = label.length;
  const trainCount = new Int32Array(n);
  const testCount = new Int32Array(n);
  const trainIndex = new Int8Array(n).fill(-1);
  const testIndex = new Int8Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const s = sides.index[i];
    const c = label[i];
    if (sides.train.includes(s)) {
      trainCount[c]++;
      if (trainIndex[c] < 0) trainIndex[c] = s;
    } else if (sides.test.includes(s)) {
      testCount[c]++;
      if (testIndex[c] < 0) testIndex[c] = s;
    }
  }
  const index = sides.index.slice();
  let clustersMoved = 0;
  let rowsMoved = 0;
  for (let c = 0; c < n; c++) {
    if (trainCount[c] === 0 || testCount[c] === 0) continue;
    clustersMoved++;
    const toTrain = prefer === 'train' || trainCount[c] >= testCount[c];
    rowsMoved += toTrain ? testCount[c] : trainCount[c];
  }
  for (let i = 0; i < n; i++) {
    const c = label[i];
    if (trainCount[c] === 0 || testCount[c] === 0) continue;
    const toTrain = prefer === 'train' || trainCount[c] >= testCount[c];
    const s = index[i];
    if (toTrain && sides.test.includes(s)) index[i] = trainIndex[c];
    else if (!toTrain && sides.train.includes(s)) index[i] = testIndex[c];
  }
  return { index, clustersMoved, rowsMoved };
}
