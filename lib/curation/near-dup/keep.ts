/**
 * "Keep one per cluster": in each cluster, the row with the best reward; rows without a reward
 * lose to any row with one; ties go to the smallest hashSeedId(seed, id), so the same seed keeps
 * the same rows in the browser, the CLI and the export.
 */
import { hashSeedId } from '../hash';
import type { Clusters } from './cluster';

/** 1 for the rows kept (every row outside a cluster, one row per cluster). */
export function keepOnePerCluster(
  clusters: Pick<Clusters, 'label'>,
  reward: Float64Array,
  ids: readonly string[],
  seed: number,
): Uint8Array {
  const { label } = clusters;
  const n = label.length;
  const best = new Int32Array(n).fill(-1);
  const bestTie = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = label[i];
    const b = best[c];
    const tie = hashSeedId(seed, ids[i]);
    if (b < 0) {
      best[c] = i;
      bestTie[c] = tie;
      continue;
    }
    const r = reward[i];
    const rb = reward[b];
    const better = Number.isNaN(rb)
      ? !Number.isNaN(r) || tie < bestTie[c]
      : !Number.isNaN(r) && (r > rb || (r === rb && tie < bestTie[c]));
    if (better) {
      best[c] = i;
      bestTie[c] = tie;
    }
  }
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (best[label[i]] === i) keep[i] = 1;
  return keep;
}
