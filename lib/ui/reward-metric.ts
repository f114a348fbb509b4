/**
 * A metric named "reward" next to the Reward column. Importers keep every number a record has as a
 * metric, so tau2 (reward_info.reward) and NeMo-Gym (the top-level reward) store the reward twice.
 * When the metric equals the reward wherever it is present, tables show one Reward column; when it
 * differs somewhere it is a different number and is labelled as a metric. Pure.
 */

/** The metric whose name collides with the Reward column. */
export const REWARD_METRIC = 'reward';

/** Whether the dataset's `reward` metric only repeats the Reward column (from lib/db's MetricStat). */
export function isRedundantRewardMetric(stat: { name: string; count: number; equalsReward: number }): boolean {
  return stat.name === REWARD_METRIC && stat.equalsReward === stat.count;
}

/** A metric's column header: the name, except "reward (metric)" for one that is not the reward. */
export function metricLabel(name: string): string {
  return name === REWARD_METRIC ? 'reward (metric)' : name;
}
