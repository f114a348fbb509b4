'use client';

import { memo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface TokenBin {
  start: number;
  end: number;
  count: number;
}

export interface TokenHistogramChartProps {
  bins: TokenBin[];
  mean: number;
  std: number;
  color: string;
  /** Accessible name; also used as the PNG's title by the page. */
  ariaLabel: string;
  xLabel?: string;
  height?: number;
}

// Explicit colours (not currentColor): the SVG is also rasterised to PNG outside the page's CSS.
const AXIS = '#52525b';
const GRID = '#e4e4e7';
const fmt = (n: number) => (Math.abs(n) >= 10_000 ? `${Math.round(n / 1000)}k` : Math.round(n).toLocaleString('en-US'));

/**
 * Token-count distribution from prepared equal-width bins, with the mean (dashed line) and
 * mean ± one standard deviation (shaded band) marked. Decides nothing about binning.
 */
export const TokenHistogramChart = memo(function TokenHistogramChart({
  bins,
  mean,
  std,
  color,
  ariaLabel,
  xLabel = 'tokens per example',
  height = 260,
}: TokenHistogramChartProps) {
  const data = bins.map((b) => ({ x: (b.start + b.end) / 2, ...b }));
  const lo = bins[0]?.start ?? 0;
  const hi = bins.at(-1)?.end ?? 1;
  const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
  // Ticks on bin edges, at most ~6 of them, so labels are round numbers the bars line up with.
  const every = Math.max(1, Math.ceil(bins.length / 6));
  const ticks = bins.length
    ? [...bins.filter((_, i) => i % every === 0).map((b) => b.start), ...(bins.length % every === 0 ? [hi] : [])]
    : undefined;
  return (
    <div role="img" aria-label={ariaLabel} style={{ height }} className="w-full" data-chart="token-histogram">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 22, right: 16, bottom: 28, left: 12 }} barCategoryGap={0} barGap={0}>
          <CartesianGrid vertical={false} stroke={GRID} />
          <XAxis
            type="number"
            dataKey="x"
            domain={[lo, hi]}
            ticks={ticks}
            allowDataOverflow
            tick={{ fontSize: 11, fill: AXIS }}
            tickFormatter={fmt}
            tickLine={{ stroke: AXIS }}
            axisLine={{ stroke: AXIS }}
            label={{ value: xLabel, position: 'insideBottom', offset: -16, fontSize: 12, fill: '#3f3f46' }}
          />
          <YAxis
            tick={{ fontSize: 11, fill: AXIS }}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
            width={48}
            label={{
              value: 'examples',
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              fontSize: 12,
              fill: '#3f3f46',
              style: { textAnchor: 'middle' },
            }}
          />
          {std > 0 && (
            <ReferenceArea
              x1={clamp(mean - std)}
              x2={clamp(mean + std)}
              fill="#f59e0b"
              fillOpacity={0.14}
              ifOverflow="hidden"
            />
          )}
          <Bar dataKey="count" fill={color} isAnimationActive={false} />
          <ReferenceLine
            x={mean}
            stroke="#dc2626"
            strokeWidth={2}
            strokeDasharray="5 3"
            label={{ value: `mean ${fmt(mean)} ± std ${fmt(std)}`, position: 'top', fontSize: 11, fill: '#b91c1c' }}
          />
          <Tooltip
            cursor={{ fill: '#000', fillOpacity: 0.05 }}
            contentStyle={{ fontSize: 12, borderRadius: 6, padding: '4px 8px' }}
            labelFormatter={(_l, payload) => {
              const b = payload?.[0]?.payload as TokenBin | undefined;
              return b ? `${b.start.toLocaleString('en-US')}–${(b.end - 1).toLocaleString('en-US')} tokens` : '';
            }}
            formatter={(v) => [Number(v).toLocaleString('en-US'), 'examples']}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
