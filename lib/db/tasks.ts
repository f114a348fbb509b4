/**
 * Rollouts grouped by task: trials, reward mean/std/range, pass@k and the flags GRPO-style training
 * cares about (a group whose rewards are all equal has zero advantage everywhere and is dropped).
 *
 * Success of one rollout = its success flag when it has one, else reward ≥ the dataset's max reward
 * (the best reward anything in the dataset reached; for 0/1 rewards that is reward = 1). A rollout
 * with neither counts as a failure.
 *
 * pass@k uses the unbiased estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained
 * on Code"): with n trials of which c succeed, pass@k = 1 - C(n-c, k) / C(n, k). Here k = n (every
 * trial; 1 when any trial succeeded) and k = 1 (= c / n).
 */
import { getDb } from './client';

export const TASK_SORT_KEYS = ['task', 'trials', 'mean', 'std', 'range', 'pass1'] as const;
export type TaskSortKey = (typeof TASK_SORT_KEYS)[number];
export const TASK_FLAGS = ['all-pass', 'all-fail', 'zero-variance', 'mixed'] as const;
export type TaskFlag = (typeof TASK_FLAGS)[number];

export interface TaskRow {
  taskId: string;
  trials: number;
  /** Trials with a reward. */
  rewarded: number;
  successes: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
  passAt1: number;
  passAtK: number;
  isAllPass: boolean;
  isAllFail: boolean;
  /** Every rewarded trial has the same reward (includes single-trial tasks). */
  isZeroVariance: boolean;
  /** The best and the worst rewarded trial, for "compare two trials". */
  bestId: number | null;
  worstId: number | null;
}

export interface TaskSummary {
  tasks: number;
  allPass: number;
  allFail: number;
  zeroVariance: number;
  meanPassAt1: number | null;
  meanPassAtK: number | null;
}

/** Unbiased pass@k from n trials with c successes (numerically stable product form). */
export function passAtK(n: number, c: number, k: number): number {
  if (n <= 0 || k <= 0) return 0;
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}

const ORDER: Record<TaskSortKey, string> = {
  task: 'taskId',
  trials: 'trials',
  mean: 'mean',
  std: 'variance',
  range: '(max - min)',
  pass1: 'CAST(successes AS REAL) / trials',
};

const FLAG_WHERE: Record<TaskFlag, string> = {
  'all-pass': 'successes = trials',
  'all-fail': 'successes = 0',
  'zero-variance': 'rewarded > 0 AND min = max',
  mixed: 'successes > 0 AND successes < trials',
};

interface GroupRow {
  taskId: string;
  trials: number;
  rewarded: number;
  successes: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  variance: number | null;
}

export interface ListTasksInput {
  datasetId: number;
  sort?: { key: TaskSortKey; dir: 'asc' | 'desc' };
  flag?: TaskFlag;
  page?: number;
  pageSize?: number;
}

/** One page of task groups (GROUP BY over the (datasetId, taskId, ...) index) plus dataset-wide summary. */
export async function listTasks({
  datasetId,
  sort = { key: 'task', dir: 'asc' },
  flag,
  page = 1,
  pageSize = 100,
}: ListTasksInput): Promise<{ rows: TaskRow[]; total: number; summary: TaskSummary }> {
  const { raw } = getDb();
  const max = (
    raw.prepare(`SELECT max(reward) AS m FROM "Rollout" WHERE datasetId = ?`).get(datasetId) as { m: number | null }
  ).m;
  // Variance from shifted sums (around the group's first reward would need a second pass; the
  // dataset max keeps magnitudes small); forced to exactly 0 when min = max.
  const groups = `
    WITH g AS (
      SELECT taskId, count(*) AS trials, count(reward) AS rewarded,
             sum(CASE WHEN coalesce(success, reward >= ?) THEN 1 ELSE 0 END) AS successes,
             avg(reward) AS mean, min(reward) AS min, max(reward) AS max,
             sum(reward - ?) AS s, sum((reward - ?) * (reward - ?)) AS ss
      FROM "Rollout" WHERE datasetId = ? AND taskId IS NOT NULL GROUP BY taskId
    ), v AS (
      SELECT taskId, trials, rewarded, successes, mean, min, max,
             CASE WHEN rewarded < 2 OR min = max THEN (CASE WHEN rewarded > 0 THEN 0.0 END)
                  ELSE max(0.0, (ss - s * s / rewarded) / (rewarded - 1)) END AS variance
      FROM g
    )`;
  const m = max ?? 0;
  const gParams = [max, m, m, m, datasetId];
  const where = flag ? `WHERE ${FLAG_WHERE[flag]}` : '';
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  // NULL spreads (tasks without rewards) last in either direction; ties by task id.
  const order = `${ORDER[sort.key]} IS NULL, ${ORDER[sort.key]} ${dir}, taskId ASC`;
  const size = Math.min(Math.max(1, pageSize), 1000);
  const rows = raw
    .prepare(`${groups} SELECT * FROM v ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...gParams, size, (Math.max(1, page) - 1) * size) as GroupRow[];
  const agg = raw
    .prepare(
      `${groups} SELECT count(*) AS tasks,
         coalesce(sum(successes = trials), 0) AS allPass, coalesce(sum(successes = 0), 0) AS allFail,
         coalesce(sum(rewarded > 0 AND min = max), 0) AS zeroVariance,
         avg(CAST(successes AS REAL) / trials) AS meanPassAt1, avg(successes > 0) AS meanPassAtK,
         (SELECT count(*) FROM v ${where}) AS filtered
       FROM v`,
    )
    .get(...gParams) as TaskSummary & { filtered: number };

  const best = raw.prepare(
    `SELECT id FROM "Rollout" WHERE datasetId = ? AND taskId = ? AND reward IS NOT NULL ORDER BY reward DESC, id ASC LIMIT 1`,
  );
  const worst = raw.prepare(
    `SELECT id FROM "Rollout" WHERE datasetId = ? AND taskId = ? AND reward IS NOT NULL ORDER BY reward ASC, id DESC LIMIT 1`,
  );
  const out: TaskRow[] = rows.map((r) => {
    const b = best.get(datasetId, r.taskId) as { id: number } | undefined;
    const w = worst.get(datasetId, r.taskId) as { id: number } | undefined;
    return {
      taskId: r.taskId,
      trials: r.trials,
      rewarded: r.rewarded,
      successes: r.successes,
      mean: r.mean,
      std: r.variance === null ? null : Math.sqrt(r.variance),
      min: r.min,
      max: r.max,
      passAt1: passAtK(r.trials, r.successes, 1),
      passAtK: passAtK(r.trials, r.successes, r.trials),
      isAllPass: r.successes === r.trials,
      isAllFail: r.successes === 0,
      isZeroVariance: r.rewarded > 0 && r.min === r.max,
      bestId: b?.id ?? null,
      worstId: w && w.id !== b?.id ? w.id : null,
    };
  });
  const { filtered, ...summary } = agg;
  return { rows: out, total: filtered, summary };
}
