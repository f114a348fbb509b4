'use client';

import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface TruncationPoint {
  maxLength: number;
  /** Percent (0-100) of trained tokens lost, all assistant turns / last turn only / completion only. */
  lostAllPct: number;
  lostLastPct: number;
  lostCompletionPct: number;
  lostAll: number;
  lostLast: number;
  lostCompletion: number;
  truncated: number;
}

const AXIS = '#52525b';
const GRID = '#e4e4e7';
const fmt = (n: number) => (Math.abs(n) >= 10_000 ? `${Math.round(n / 1000)}k` : Math.round(n).toLocaleString('en-US'));

/** Series styles, for a legend drawn by the caller (HTML on the page, canvas text in the PNG). */
export const TRUNCATION_SERIES = [
  { label: 'all assistant turns', color: '#4f46e5', dashed: false },
  { label: 'last turn only', color: '#059669', dashed: true },
  { label: 'completion only', color: '#d97706', dashed: true },
] as const;

/**
 * Share of trained tokens lost when examples are cut at each max_length, for the three masks, with
 * the recommended max_length (for the chosen mask) and the loss budget marked.
 */
export const TokenTruncationChart = memo(function TokenTruncationChart({
  points,
  recommended,
  budgetPct,
  ariaLabel,
  height = 260,
}: {
  points: TruncationPoint[];
  recommended: number;
  budgetPct: number;
  ariaLabel: string;
  height?: number;
}) {
  const maxX = Math.max(recommended, points.at(-1)?.maxLength ?? 1);
  return (
    <div role="img" aria-label={ariaLabel} style={{ height }} className="w-full" data-chart="token-truncation">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 22, right: 16, bottom: 28, left: 12 }}>
          <CartesianGrid stroke={GRID} />
          <XAxis
            type="number"
            dataKey="maxLength"
            domain={[0, maxX]}
            tick={{ fontSize: 11, fill: AXIS }}
            tickFormatter={fmt}
            tickLine={{ stroke: AXIS }}
            axisLine={{ stroke: AXIS }}
            label={{
              value: 'max_length (tokens)',
              position: 'insideBottom',
              offset: -16,
              fontSize: 12,
              fill: '#3f3f46',
            }}
          />
          <YAxis
            domain={[0, 100]}
            ticks={[0, 20, 40, 60, 80, 100]}
            tickFormatter={(v: number) => `${v}%`}
            tick={{ fontSize: 11, fill: AXIS }}
            tickLine={false}
            axisLine={false}
            width={48}
            label={{
              value: 'trained tokens lost',
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              fontSize: 12,
              fill: '#3f3f46',
              style: { textAnchor: 'middle' },
            }}
          />
          <ReferenceLine y={budgetPct} stroke="#a1a1aa" strokeDasharray="2 3" />
          <ReferenceLine
            x={recommended}
            stroke="#dc2626"
            strokeWidth={1.5}
            strokeDasharray="5 3"
            label={{
              value: `recommended ${recommended.toLocaleString('en-US')}`,
              position: 'insideTopRight',
              fontSize: 11,
              fill: '#b91c1c',
            }}
          />
          <Line
            type="linear"
            dataKey="lostAllPct"
            name="all assistant turns"
            stroke="#4f46e5"
            strokeWidth={2}
            dot={{ r: 2.5 }}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="lostLastPct"
            name="last turn only"
            stroke="#059669"
            strokeWidth={2}
            strokeDasharray="5 3"
            dot={{ r: 2.5 }}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="lostCompletionPct"
            name="completion only"
            stroke="#d97706"
            strokeWidth={1.5}
            strokeDasharray="2 2"
            dot={{ r: 2 }}
            isAnimationActive={false}
          />
          <Tooltip
            contentStyle={{ fontSize: 12, borderRadius: 6, padding: '4px 8px' }}
            labelFormatter={(_l, payload) => {
              const p = payload?.[0]?.payload as TruncationPoint | undefined;
              return p
                ? `max_length ${p.maxLength.toLocaleString('en-US')} · ${p.truncated.toLocaleString('en-US')} examples cut`
                : '';
            }}
            formatter={(v, name, item) => {
              const p = item.payload as TruncationPoint;
              const abs =
                name === 'last turn only' ? p.lostLast : name === 'completion only' ? p.lostCompletion : p.lostAll;
              return [`${Number(v).toFixed(2)}% (${abs.toLocaleString('en-US')} tokens)`, name];
            }}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});
