/**
 * Clusters at a Jaccard threshold: union-find over the candidate pairs whose estimated similarity
 * reaches it (single linkage: a chain of near-duplicates is one cluster). The pairs are sorted by
 * match count, so a threshold is a prefix of them and re-clustering costs O(pairs + rows), with no
 * signature touched: what lets the curate page move the threshold live.
 */
import type { CandidatePairs } from './lsh';

export interface Clusters {
  threshold: number;
  /** Per row: the smallest row index of its cluster (itself when alone). */
  label: Int32Array;
  /** Clusters of two or more rows. */
  clusters: number;
  /** Rows in those clusters. */
  rowsInClusters: number;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/** Number of leading pairs whose match count reaches the threshold. */
export function pairsAtThreshold(pairs: CandidatePairs, threshold: number): number {
  const need = Math.ceil(threshold * pairs.k - 1e-9);
  let lo = 0;
  let hi = pairs.matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pairs.matches[mid] >= need) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function clusterAt(pairs: CandidatePairs, threshold: number): Clusters {
  if (threshold < pairs.minThreshold - 1e-9)
    throw new Error(`threshold ${threshold} is below the pairs' minThreshold ${pairs.minThreshold}`);
  const { n } = pairs;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const m = pairsAtThreshold(pairs, threshold);
  for (let p = 0; p < m; p++) {
    const ra = find(parent, pairs.a[p]);
    const rb = find(parent, pairs.b[p]);
    // the smaller index becomes the root, so a root is its cluster's smallest row
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  }
  const label = new Int32Array(n);
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) size[(label[i] = find(parent, i))]++;
  let clusters = 0;
  let rowsInClusters = 0;
  for (let i = 0; i < n; i++) {
    if (label[i] !== i || size[i] < 2) continue;
    clusters++;
    rowsInClusters += size[i];
  }
  return { threshold, label, clusters, rowsInClusters };
}
