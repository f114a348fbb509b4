/**
 * A metric named "reward" (tau2's reward_info.reward, NeMo-Gym's top-level reward) is the reward
 * again: the dataset's metric stats count where it equals the reward, so the rollout table shows
 * one Reward column, and labels the metric "reward (metric)" when it differs somewhere.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { listMetricStats } from '@/lib/db/rollouts';
import { importFile } from '@/lib/jobs/import-file';
import { isRedundantRewardMetric, metricLabel } from '@/lib/ui/reward-metric';

async function rewardStat(datasetId: number) {
  return (await listMetricStats({ datasetId })).find((m) => m.name === 'reward')!;
}

describe('the reward metric', () => {
  it('equal to the reward wherever present: one Reward column', async () => {
    const out = await importFile({
      path: path.resolve('test/fixtures/tau2/results-mini.json'),
      datasetName: 'tau2-reward-metric',
    });
    if (out.status !== 'imported') throw new Error('import failed');
    const stat = await rewardStat(out.datasetId);
    expect(stat).toMatchObject({ count: 1, equalsReward: 1 });
    expect(isRedundantRewardMetric(stat)).toBe(true);
  });

  it('different somewhere: kept, and labelled as a metric', async () => {
    const out = await importFile({
      path: path.resolve('test/fixtures/nemo-gym/rollouts.jsonl'),
      datasetName: 'nemo-reward-metric',
    });
    if (out.status !== 'imported') throw new Error('import failed');
    const { raw } = getDb();
    const first = raw
      .prepare(`SELECT id FROM "Rollout" WHERE datasetId = ? AND json_extract(metrics, '$.reward') IS NOT NULL LIMIT 1`)
      .get(out.datasetId) as { id: number };
    raw.prepare(`UPDATE "Rollout" SET metrics = json_set(metrics, '$.reward', 0.25) WHERE id = ?`).run(first.id);
    // Bump the imports' fingerprint so the cached stats are recomputed.
    raw.prepare(`UPDATE "Dataset" SET updatedAt = updatedAt + 1 WHERE id = ?`).run(out.datasetId);
    const stat = await rewardStat(out.datasetId);
    expect(stat.equalsReward).toBe(stat.count - 1);
    expect(isRedundantRewardMetric(stat)).toBe(false);
    expect(metricLabel('reward')).toBe('reward (metric)');
    expect(metricLabel('db_match')).toBe('db_match');
  });
});
