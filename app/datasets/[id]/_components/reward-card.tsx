import { HistogramChart, type HistogramBin } from '@/components/charts/histogram-chart';
import { Card } from '@/components/ui/card';
import type { DatasetOverview } from '@/lib/db/overview';
import { fmtInt, fmtNum } from '@/lib/ui/format';

function edgeLabel(v: number): string {
  return Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

/** Edges + counts → labelled bins (the last bin is closed: it includes the max). */
export function toBins(h: NonNullable<DatasetOverview['histogram']>): HistogramBin[] {
  return h.counts.map((count, i) => {
    const last = i === h.counts.length - 1;
    return {
      label: edgeLabel(h.edges[i]),
      range: `[${edgeLabel(h.edges[i])}, ${edgeLabel(h.edges[i + 1])}${last ? ']' : ')'}`,
      count,
    };
  });
}

export function RewardCard({ overview }: { overview: DatasetOverview }) {
  const r = overview.reward;
  const rows: [string, string][] = [
    ['mean', fmtNum(r.mean)],
    ['std', fmtNum(r.std)],
    ['min', fmtNum(r.min)],
    ['max', fmtNum(r.max)],
    ['with reward', fmtInt(r.count)],
    ['no reward', fmtInt(r.nullCount)],
  ];
  return (
    <Card title="Reward distribution" className="lg:col-span-2">
      <div className="grid gap-4 md:grid-cols-[1fr_11rem]">
        {overview.histogram ? (
          <HistogramChart
            bins={toBins(overview.histogram)}
            ariaLabel={`Reward histogram, ${overview.histogram.counts.length} bins from ${fmtNum(r.min)} to ${fmtNum(r.max)}`}
          />
        ) : (
          <p className="py-12 text-center text-sm text-zinc-500">No rollout has a reward.</p>
        )}
        <dl className="grid grid-cols-2 content-start gap-x-3 gap-y-1.5 text-sm md:grid-cols-1">
          {rows.map(([k, v]) => (
            <div
              key={k}
              className="flex justify-between gap-2 border-b border-dashed border-zinc-200 pb-1 dark:border-zinc-800"
            >
              <dt className="text-zinc-500 dark:text-zinc-400">{k}</dt>
              <dd className="tabular font-medium">{v}</dd>
            </div>
          ))}
        </dl>
      </div>
      <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
        {overview.histogram?.counts.length ?? 0} equal bins over the data&apos;s own range; a reward equal to the max
        falls in the top bin. Computed over all rollouts.
      </p>
    </Card>
  );
}
