'use client';

import { Bar, CartesianGrid, Cell, ComposedChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';

export interface TaskSpreadPoint {
  task: string;
  /** [min, max] reward of the task's rollouts. */
  range: [number, number];
  mean: number;
  std: number;
  count: number;
  /** Rollouts of the task the current selection keeps. */
  kept: number;
  /** Drawn in colour (the caller decides what it means: covered, has spread). */
  highlight: boolean;
}

const ON = '#6366f1';
const OFF = '#a1a1aa';

function SpreadTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: TaskSpreadPoint }[] }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  const f = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2 py-1 text-xs shadow dark:border-zinc-700 dark:bg-zinc-900">
      <div className="font-mono font-medium">{p.task}</div>
      <div className="tabular">
        mean {f(p.mean)} · std {f(p.std)} · {f(p.range[0])} – {f(p.range[1])}
      </div>
      <div className="tabular">
        {p.kept} of {p.count} rollouts kept
      </div>
    </div>
  );
}

/** Min–max bar and mean dot per task, coloured by coverage; takes prepared points. */
export function CurateTaskSpread({
  points,
  domain,
  ariaLabel,
  height = 220,
}: {
  points: TaskSpreadPoint[];
  domain: [number, number];
  ariaLabel: string;
  height?: number;
}) {
  const showTicks = points.length <= 24;
  return (
    <div role="img" aria-label={ariaLabel} style={{ height }} className="w-full text-zinc-500 dark:text-zinc-400">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -8 }} barCategoryGap="15%">
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis
            dataKey="task"
            tick={showTicks ? { fontSize: 10, fill: 'currentColor' } : false}
            tickLine={false}
            axisLine={{ stroke: 'currentColor', strokeOpacity: 0.3 }}
            interval={0}
            height={showTicks ? 30 : 8}
          />
          <YAxis
            domain={domain}
            tickFormatter={(v: number) => String(Number(v.toPrecision(4)))}
            tick={{ fontSize: 10, fill: 'currentColor' }}
            tickLine={false}
            axisLine={false}
            width={52}
            allowDataOverflow
          />
          <Tooltip content={SpreadTooltip} cursor={{ fill: 'currentColor', fillOpacity: 0.08 }} />
          <Bar dataKey="range" isAnimationActive={false} minPointSize={2}>
            {points.map((p) => (
              <Cell key={p.task} fill={p.highlight ? ON : OFF} fillOpacity={p.highlight ? 0.45 : 0.35} />
            ))}
          </Bar>
          <Scatter dataKey="mean" isAnimationActive={false} shape="circle">
            {points.map((p) => (
              <Cell key={p.task} fill={p.highlight ? '#4338ca' : '#71717a'} />
            ))}
          </Scatter>
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
