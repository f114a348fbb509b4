/** Per-task reward spread (mean/min/max/std per task) for the sortable task table. */
import type { CurationModel } from './model';

export interface TaskSpreadRow {
  task: string;
  count: number;
  mean: number;
  min: number;
  max: number;
  /** Sample std (n - 1); 0 for a single rollout. */
  std: number;
}

export type TaskSpreadKey = keyof TaskSpreadRow;

/** One row per task that has at least one non-null reward (where mask[i], when given). */
export function taskSpread(model: CurationModel, mask?: Uint8Array): TaskSpreadRow[] {
  const t = model.tasks.length;
  const count = new Int32Array(t);
  const sum = new Float64Array(t);
  const min = new Float64Array(t).fill(Infinity);
  const max = new Float64Array(t).fill(-Infinity);
  const { reward, taskIdx } = model;
  for (let i = 0; i < model.n; i++) {
    const k = taskIdx[i];
    const v = reward[i];
    if (k < 0 || v !== v || (mask && !mask[i])) continue;
    count[k]++;
    sum[k] += v;
    if (v < min[k]) min[k] = v;
    if (v > max[k]) max[k] = v;
  }
  // Second pass around each task's mean: sums of squares of raw values lose precision.
  const ss = new Float64Array(t);
  for (let i = 0; i < model.n; i++) {
    const k = taskIdx[i];
    const v = reward[i];
    if (k < 0 || v !== v || (mask && !mask[i])) continue;
    const d = v - sum[k] / count[k];
    ss[k] += d * d;
  }
  const rows: TaskSpreadRow[] = [];
  for (let k = 0; k < t; k++) {
    if (count[k] === 0) continue;
    rows.push({
      task: model.tasks[k],
      count: count[k],
      mean: sum[k] / count[k],
      min: min[k],
      max: max[k],
      std: count[k] > 1 ? Math.sqrt(ss[k] / (count[k] - 1)) : 0,
    });
  }
  return rows;
}

/** Sorts in place (stable); ties keep task order. */
export function sortTaskSpread(
  rows: TaskSpreadRow[],
  key: TaskSpreadKey,
  dir: 'asc' | 'desc' = 'desc',
): TaskSpreadRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows.sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'string' || typeof y === 'string') return sign * String(x).localeCompare(String(y));
    return sign * (x - y);
  });
}
