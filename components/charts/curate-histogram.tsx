'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const compact = (v: number) => compactFormat.format(v);

/** A prepared bin: an axis label (the lower edge), a tooltip heading such as "[0.20, 0.25)", counts by series key. */
export type Bin<K extends string> = { label: string; range: string } & Record<K, number>;

export interface BinSeries<K extends string> {
  key: K;
  /** Shown in the tooltip and, with more than one series, in the legend. */
  name: string;
  color: string;
  opacity?: number;
}

/**
 * Histogram of prepared bins. One series draws plain bars (pair gaps, PPO bins); several are stacked
 * with a legend (kept and dropped rewards). Takes prepared data and decides nothing.
 */
export function CurateHistogram<K extends string>({
  bins,
  series,
  ariaLabel,
  height = 220,
}: {
  bins: Bin<K>[];
  series: BinSeries<K>[];
  ariaLabel: string;
  height?: number;
}) {
  const stacked = series.length > 1;
  return (
    <div role="img" aria-label={ariaLabel} style={{ height }} className="w-full text-zinc-500 dark:text-zinc-400">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bins} margin={{ top: 4, right: 8, bottom: 0, left: -8 }} barCategoryGap={1}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 10, fill: 'currentColor' }}
            tickLine={false}
            axisLine={{ stroke: 'currentColor', strokeOpacity: 0.3 }}
            interval="preserveStartEnd"
          />
          <YAxis
            tick={{ fontSize: 10, fill: 'currentColor' }}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
            width={52}
            tickFormatter={compact}
          />
          <Tooltip
            cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
            contentStyle={{ fontSize: 12, borderRadius: 6, padding: '4px 8px' }}
            labelFormatter={(_l, payload) => (payload?.[0]?.payload as { range?: string } | undefined)?.range ?? ''}
            formatter={(v, name) => [Number(v).toLocaleString('en-US'), name]}
          />
          {stacked && <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stackId={stacked ? 'stack' : undefined}
              fill={s.color}
              fillOpacity={s.opacity ?? 1}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
