import Link from 'next/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { getDataset } from '@/lib/db/datasets';
import { getDatasetOverview } from '@/lib/db/overview';
import { fmtDate, fmtInt, fmtNum } from '@/lib/ui/format';
import { DatasetNav } from './_components/dataset-nav';
import { DatasetTitle } from './_components/dataset-title';
import { ImportsTable } from './_components/imports-table';
import { RewardCard } from './_components/reward-card';
import { Stat } from './_components/stat';
import { ImportDropZone } from '../_components/import-drop-zone';
import { formatOptions } from '@/app/_shared/imports/format-options';
import { capabilitiesOf } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dataset' };

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export default async function DatasetPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ fresh?: string | string[] }>;
}) {
  const can = capabilitiesOf((await requirePageRole('viewer')).role);
  const { id } = await params;
  const dataset = /^\d+$/.test(id) ? await getDataset({ id: Number(id) }) : null;
  if (!dataset) notFound();
  const o = await getDatasetOverview({ datasetId: dataset.id, fresh: (await searchParams).fresh === '1' });
  const rolloutsHref = `/datasets/${dataset.id}/rollouts`;
  return (
    <div className="space-y-4">
      <DatasetTitle name={dataset.name} subtitle={dataset.description} />
      <DatasetNav datasetId={dataset.id} active="overview" canExport={can.export} />

      {can.import && (
        <ImportDropZone compact formats={formatOptions()} dataset={{ id: dataset.id, name: dataset.name }} />
      )}

      <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Stat
          label="Rollouts"
          value={fmtInt(o.rollouts)}
          detail={o.withoutTask > 0 ? `${fmtInt(o.withoutTask)} without a task` : undefined}
        />
        <Stat label="Tasks" value={fmtInt(o.tasks)} />
        <Stat
          label="Rollouts per task"
          value={o.rolloutsPerTask ? fmtNum(o.rolloutsPerTask.mean, 2) : '—'}
          detail={
            o.rolloutsPerTask && o.rolloutsPerTask.min !== o.rolloutsPerTask.max
              ? `${o.rolloutsPerTask.min}–${o.rolloutsPerTask.max}`
              : undefined
          }
        />
        <Stat
          label="Mean reward"
          value={fmtNum(o.reward.mean)}
          detail={o.reward.std !== null ? `± ${fmtNum(o.reward.std)} std` : undefined}
        />
        <Stat
          label="Reward range"
          value={o.reward.min === null ? '—' : `${fmtNum(o.reward.min)} – ${fmtNum(o.reward.max)}`}
          detail={o.reward.nullCount > 0 ? `${fmtInt(o.reward.nullCount)} without reward` : undefined}
        />
        <Stat
          label="Success rate"
          value={pct(o.success.rate)}
          detail={
            o.success.known > 0
              ? `${fmtInt(o.success.successes)} of ${fmtInt(o.success.known)}${o.success.flagged < o.success.known ? ' (reward = max counts)' : ''}`
              : undefined
          }
        />
      </dl>

      <div className="grid gap-4 lg:grid-cols-3">
        <RewardCard overview={o} />
        <div className="space-y-4">
          <Card title="Metrics">
            {o.metrics.length === 0 ? (
              <p className="text-sm text-zinc-500">No numeric metrics.</p>
            ) : (
              <Table density="compact">
                <THead>
                  <tr>
                    <Th>Name</Th>
                    <Th numeric>Min</Th>
                    <Th numeric>Max</Th>
                    <Th numeric>Rollouts</Th>
                  </tr>
                </THead>
                <TBody>
                  {o.metrics.map((m) => (
                    <Tr key={m.name}>
                      <Td className="font-mono text-xs">
                        <Link
                          href={`${rolloutsHref}?sort=-metric.${encodeURIComponent(m.name)}`}
                          className="text-indigo-700 hover:underline dark:text-indigo-400"
                        >
                          {m.name}
                        </Link>
                      </Td>
                      <Td numeric>{fmtNum(m.min)}</Td>
                      <Td numeric>{fmtNum(m.max)}</Td>
                      <Td numeric className="text-zinc-500">
                        {fmtInt(m.count)}
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
          <Card title="Splits">
            <ul className="space-y-1 text-sm">
              {o.splits.map((s) => (
                <li key={s.split ?? '∅'} className="flex justify-between">
                  {s.split === null ? (
                    <span className="text-zinc-500">no split</span>
                  ) : (
                    <Link
                      href={`${rolloutsHref}?split=${encodeURIComponent(s.split)}`}
                      className="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-400"
                    >
                      {s.split}
                    </Link>
                  )}
                  <span className="tabular">
                    {fmtInt(s.count)}{' '}
                    <span className="text-xs text-zinc-500">({pct(o.rollouts ? s.count / o.rollouts : null)})</span>
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>

      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Every figure is an SQL aggregate over all {fmtInt(o.rollouts)} rollouts (no sampling), computed{' '}
        {fmtDate(o.computedAt)} in {fmtInt(Math.round(o.computeMs))} ms and kept until the next import.{' '}
        <Link
          href={`/datasets/${dataset.id}?fresh=1`}
          className="underline hover:text-zinc-800 dark:hover:text-zinc-200"
        >
          Recompute
        </Link>
      </p>

      <Card title="Import history">
        <ImportsTable imports={o.imports} />
      </Card>
    </div>
  );
}
