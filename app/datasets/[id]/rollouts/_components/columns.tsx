'use client';

import Link from 'next/link';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { RolloutListRow } from '@/lib/db/rollouts';
import { fmtNum } from '@/lib/ui/format';
import { metricLabel } from '@/lib/ui/reward-metric';

const col = createColumnHelper<RolloutListRow>();

function Reward({ v }: { v: number | null }) {
  if (v === null) return <span className="text-zinc-400">—</span>;
  const tone = v >= 1 ? 'text-emerald-700 dark:text-emerald-400' : v <= 0 ? 'text-red-700 dark:text-red-400' : '';
  return <span className={`font-medium ${tone}`}>{fmtNum(v)}</span>;
}

function Success({ v }: { v: boolean | null }) {
  if (v === null) return <span className="text-zinc-400">—</span>;
  return v ? (
    <span className="text-emerald-700 dark:text-emerald-400" title="success">
      ✓ yes
    </span>
  ) : (
    <span className="text-red-700 dark:text-red-400" title="failure">
      ✗ no
    </span>
  );
}

export interface ColumnOptions {
  metricNames: string[];
  rowHref(id: number): string;
  selected: Set<number>;
  toggleSelected(id: number): void;
}

/** Column ids double as sort keys (see lib/query/rollout-query.ts) and as `hide=` entries. */
// TanStack's documented pattern: a column list mixes value types, which only `any` expresses.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyColumn = ColumnDef<RolloutListRow, any>;

export function rolloutColumns({ metricNames, rowHref, selected, toggleSelected }: ColumnOptions): AnyColumn[] {
  const metricCols = metricNames.map((name) =>
    col.accessor((r) => r.metrics[name], {
      id: `metric.${name}`,
      header: () => <span title={`metric: ${name}`}>{metricLabel(name)}</span>,
      size: Math.min(180, Math.max(90, 30 + metricLabel(name).length * 8)),
      sortDescFirst: true,
      meta: { align: 'right', label: `metric: ${name}` },
      cell: (c) =>
        c.getValue() === undefined ? <span className="text-zinc-400">—</span> : fmtNum(c.getValue() as number),
    }),
  );
  return [
    col.display({
      id: 'select',
      header: () => <span className="sr-only">Select</span>,
      size: 32,
      enableHiding: false,
      cell: (c) => (
        <input
          type="checkbox"
          aria-label={`Select rollout ${c.row.original.id}`}
          checked={selected.has(c.row.original.id)}
          onChange={() => toggleSelected(c.row.original.id)}
          onClick={(e) => e.stopPropagation()}
          className="accent-indigo-600"
        />
      ),
    }),
    col.accessor('id', {
      header: 'ID',
      size: 76,
      enableHiding: false,
      meta: { label: 'ID' },
      cell: (c) => (
        <Link
          href={rowHref(c.row.original.id)}
          className="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-400"
          title={c.row.original.externalId}
        >
          {c.row.original.id}
        </Link>
      ),
    }),
    col.accessor('taskId', {
      id: 'task',
      header: 'Task',
      size: 140,
      meta: { label: 'Task', className: 'font-mono text-xs' },
      cell: (c) => c.getValue() ?? <span className="text-zinc-400">—</span>,
    }),
    col.accessor('trial', {
      id: 'trial',
      header: 'Trial',
      size: 68,
      meta: { align: 'right', label: 'Trial' },
      cell: (c) => c.getValue() ?? '—',
    }),
    col.accessor('reward', {
      id: 'reward',
      header: 'Reward',
      size: 92,
      sortDescFirst: true,
      meta: { align: 'right', label: 'Reward' },
      cell: (c) => <Reward v={c.getValue() as number | null} />,
    }),
    ...metricCols,
    col.accessor('success', {
      id: 'success',
      header: 'Success',
      size: 92,
      sortDescFirst: true,
      meta: { label: 'Success' },
      cell: (c) => <Success v={c.getValue() as boolean | null} />,
    }),
    col.accessor('numTurns', {
      id: 'turns',
      header: 'Turns',
      size: 76,
      sortDescFirst: true,
      meta: { align: 'right', label: 'Turns' },
    }),
    col.accessor('numToolCalls', {
      id: 'toolCalls',
      header: 'Tools',
      size: 76,
      sortDescFirst: true,
      meta: { align: 'right', label: 'Tool calls' },
    }),
    col.accessor('split', {
      id: 'split',
      header: 'Split',
      size: 80,
      meta: { label: 'Split', className: 'text-xs' },
      cell: (c) => c.getValue() ?? <span className="text-zinc-400">—</span>,
    }),
    col.display({
      id: 'review',
      header: 'Review',
      size: 80,
      meta: { label: 'Review status' },
      cell: () => <span className="text-zinc-400">—</span>,
    }),
    col.display({
      id: 'snippet',
      header: 'Match',
      size: 420,
      meta: { label: 'Search match', className: 'text-xs text-zinc-600 dark:text-zinc-300' },
      cell: (c) => {
        const s = c.row.original.snippet;
        if (!s) return <span className="text-zinc-400">—</span>;
        return (
          <span title={s.map((p) => p.text).join('')}>
            {s.map((p, i) =>
              p.hit ? (
                <mark
                  key={i}
                  className="rounded-sm bg-amber-200 px-0.5 text-zinc-900 dark:bg-amber-500/40 dark:text-amber-50"
                >
                  {p.text}
                </mark>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
          </span>
        );
      },
    }),
  ];
}
