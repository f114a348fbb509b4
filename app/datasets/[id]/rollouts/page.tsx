import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { getDataset } from '@/lib/db/datasets';
import { listSplits } from '@/lib/db/overview';
import { listMetricStats, listRollouts, listTaskIds } from '@/lib/db/rollouts';
import { fmtInt } from '@/lib/ui/format';
import { isRedundantRewardMetric, REWARD_METRIC } from '@/lib/ui/reward-metric';
import { parseRolloutQuery, rolloutQueryString, tooLongSearch } from '@/lib/ui/rollout-query';
import { DatasetNav } from '../_components/dataset-nav';
import { DatasetTitle } from '../_components/dataset-title';
import { RolloutTable } from './_components/rollout-table';
import { capabilitiesOf } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Rollouts' };

export default async function RolloutsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const can = capabilitiesOf((await requirePageRole('viewer')).role);
  const { id } = await params;
  const dataset = /^\d+$/.test(id) ? await getDataset({ id: Number(id) }) : null;
  if (!dataset) notFound();
  const sp = await searchParams;
  const query = parseRolloutQuery(sp);
  const metricStats = await listMetricStats({ datasetId: dataset.id });
  // A `reward` metric that only repeats the reward is not a second Reward column (lib/ui/reward-metric.ts).
  const metricNames = metricStats.filter((m) => !isRedundantRewardMetric(m)).map((m) => m.name);
  // The hidden `reward` metric equals the reward: a filter or sort on it is one on the reward.
  const rewardMetricFilter = query.filters.metrics[REWARD_METRIC];
  if (rewardMetricFilter && !metricNames.includes(REWARD_METRIC)) query.filters.reward ??= rewardMetricFilter;
  if (query.sort.key === `metric.${REWARD_METRIC}` && !metricNames.includes(REWARD_METRIC))
    query.sort = { ...query.sort, key: 'reward' };
  // Filters and a sort on a metric this dataset does not have are dropped rather than failing.
  for (const m of Object.keys(query.filters.metrics)) if (!metricNames.includes(m)) delete query.filters.metrics[m];
  if (query.sort.key.startsWith('metric.') && !metricNames.includes(query.sort.key.slice(7)))
    query.sort = { key: 'id', dir: 'asc' };
  const [{ rows, total, isTotalExact }, splits, taskIds] = await Promise.all([
    listRollouts({
      datasetId: dataset.id,
      page: query.page,
      pageSize: query.pageSize,
      sort: query.sort,
      filters: query.filters,
      q: query.q,
    }),
    listSplits({ datasetId: dataset.id }),
    listTaskIds({ datasetId: dataset.id }),
  ]);
  // A page past the end (a hand-edited ?page=999, or rows deleted since) goes to the last page.
  const lastPage = Math.max(1, Math.ceil(total / query.pageSize));
  if (rows.length === 0 && query.page > lastPage)
    redirect(`/datasets/${dataset.id}/rollouts${rolloutQueryString({ ...query, page: lastPage })}`);
  return (
    <div>
      <DatasetTitle
        name={dataset.name}
        section="Rollouts"
        subtitle={`${fmtInt(total)}${isTotalExact ? '' : '+'} matching rollouts`}
      />
      <DatasetNav datasetId={dataset.id} active="rollouts" canExport={can.export} />
      <RolloutTable
        datasetId={dataset.id}
        rows={rows}
        total={total}
        isTotalExact={isTotalExact}
        rejectedSearch={tooLongSearch(sp)}
        query={query}
        metricNames={metricNames}
        splits={splits}
        taskIds={taskIds}
      />
    </div>
  );
}
