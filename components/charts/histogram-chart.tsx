'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface HistogramBin {
  /** Axis label of the bin (its lower edge). */
  label: string;
  /** Tooltip text, e.g. "[0.20, 0.25)". */
  range: string;
  count: number;
}

/** Bars of prepared bins; decides nothing about binning. */
export function HistogramChart({
  bins,
  height = 180,
  ariaLabel,
}: {
  bins: HistogramBin[];
  height?: number;
  ariaLabel: string;
}) {
  return (
    <div role="img" aria-label={ariaLabel} style={{ height }} className="w-full text-zinc-500 dark:text-zinc-400">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bins} margin={{ top: 4, right: 8, bottom: 0, left: -12 }} barCategoryGap={1}>
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
            width={48}
          />
          <Tooltip
            cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
            contentStyle={{ fontSize: 12, borderRadius: 6, padding: '4px 8px' }}
            labelFormatter={(_l, payload) => (payload?.[0]?.payload as HistogramBin | undefined)?.range ?? ''}
            formatter={(v) => [Number(v).toLocaleString('en-US'), 'rollouts']}
          />
          <Bar dataKey="count" fill="#6366f1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
