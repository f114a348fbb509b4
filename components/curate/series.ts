/** Prepares lib/curation results as chart series: labels, ranges and ordering, nothing else. */
import type { Histogram, StackedHistogram, TaskSpreadRow } from '@/lib/curation';
import type { Bin } from '@/components/charts/curate-histogram';
import type { TaskSpreadPoint } from '@/components/charts/curate-task-spread';

/** The fewest decimals (up to 4) that write every edge exactly: 0.05-wide bins read 0.05, not 0.050. */
function edgeDigits(edges: number[]): number {
  for (let d = 0; d < 4; d++) if (edges.every((e) => Math.abs(Number(e.toFixed(d)) - e) < 1e-9)) return d;
  return 4;
}

function labels(edges: number[]): { label: string; range: string }[] {
  const d = edgeDigits(edges);
  const f = (v: number) => v.toFixed(d);
  return edges.slice(0, -1).map((lo, i) => {
    const last = i === edges.length - 2;
    return { label: f(lo), range: `[${f(lo)}, ${f(edges[i + 1])}${last ? ']' : ')'}` };
  });
}

export function stackedBins(h: StackedHistogram): Bin<'kept' | 'dropped'>[] {
  return labels(h.edges).map((l, i) => ({ ...l, kept: h.kept[i], dropped: h.dropped[i] }));
}

export function countBins(h: Pick<Histogram, 'edges' | 'counts'>): Bin<'count'>[] {
  return labels(h.edges).map((l, i) => ({ ...l, count: h.counts[i] }));
}

/** At most this many tasks are drawn; past it, tasks are taken evenly along the mean order. */
export const MAX_SPREAD_TASKS = 120;

export interface SpreadSelection {
  rows: TaskSpreadRow[];
  /** Task index (into model.tasks) of each row. */
  taskIdx: Int32Array;
  /** Tasks with a reward, before thinning. */
  total: number;
}

/** Sorted by mean (stable: ties keep task order) and thinned, once per model. */
export function selectSpread(tasks: string[], rows: TaskSpreadRow[]): SpreadSelection {
  const index = new Map(tasks.map((t, i) => [t, i]));
  const sorted = [...rows].sort((a, b) => b.mean - a.mean);
  const picked =
    sorted.length <= MAX_SPREAD_TASKS
      ? sorted
      : Array.from({ length: MAX_SPREAD_TASKS }, (_, j) => sorted[Math.floor((j * sorted.length) / MAX_SPREAD_TASKS)]);
  return { rows: picked, taskIdx: Int32Array.from(picked, (r) => index.get(r.task) ?? -1), total: rows.length };
}

/** `highlight`: 'covered' = the SFT selection keeps some of the task; 'spread' = rewards differ within it. */
export function spreadPoints(
  spread: SpreadSelection,
  keptPerTask: Int32Array,
  highlight: 'covered' | 'spread',
): TaskSpreadPoint[] {
  return spread.rows.map((r, k) => {
    const kept = keptPerTask[spread.taskIdx[k]] ?? 0;
    return {
      task: r.task,
      range: [r.min, r.max] as [number, number],
      mean: r.mean,
      std: r.std,
      count: r.count,
      kept,
      highlight: highlight === 'covered' ? kept > 0 : r.max > r.min,
    };
  });
}
