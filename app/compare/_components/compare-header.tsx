import Link from 'next/link';
import type { RolloutDetail } from '@/lib/db/rollout-detail';
import { SuccessBadge } from '@/components/conversation/outcome';
import { fmtNum } from '@/lib/ui/format';

function Summary({ side, r, qs }: { side: 'A' | 'B'; r: RolloutDetail; qs: string }) {
  return (
    <section
      aria-label={`Rollout ${side}`}
      className="min-w-0 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="text-[11px] font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
            {side} · {r.datasetName}
          </div>
          <Link
            href={`/datasets/${r.datasetId}/rollouts/${r.id}${qs}`}
            className="block truncate font-semibold text-indigo-700 hover:underline dark:text-indigo-400"
            title={r.externalId}
          >
            {r.externalId || `Rollout ${r.id}`}
          </Link>
        </div>
        <SuccessBadge success={r.success} />
      </div>
      <dl className="mt-3 grid grid-cols-4 gap-3 text-sm">
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Reward</dt>
          <dd data-testid={`reward-${side.toLowerCase()}`} className="text-lg font-semibold tabular">
            {fmtNum(r.reward)}
          </dd>
        </div>
        <div className="min-w-0">
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Task</dt>
          <dd className="truncate font-mono text-xs leading-7" title={r.taskId ?? ''}>
            {r.taskId ?? '—'}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Trial</dt>
          <dd className="leading-7 tabular">{r.trial ?? '—'}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Messages</dt>
          <dd className="leading-7 tabular">{r.numMessages}</dd>
        </div>
      </dl>
    </section>
  );
}

function delta(a: number | undefined, b: number | undefined) {
  if (a === undefined || b === undefined) return { text: '—', tone: 'text-zinc-400' };
  const d = b - a;
  if (d === 0) return { text: '0', tone: 'text-zinc-400' };
  return {
    text: `${d > 0 ? '+' : ''}${fmtNum(d)}`,
    tone: d > 0 ? 'text-emerald-700 dark:text-emerald-400' : 'text-rose-700 dark:text-rose-400',
  };
}

/** Both rollouts' outcome side by side and every metric with its difference (B − A). */
export function CompareHeader({ a, b, qs }: { a: RolloutDetail; b: RolloutDetail; qs: string }) {
  const names = [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])].sort();
  const rows: { name: string; a: number | undefined; b: number | undefined }[] = [
    { name: 'reward', a: a.reward ?? undefined, b: b.reward ?? undefined },
    ...names.map((n) => ({ name: n, a: a.metrics[n], b: b.metrics[n] })),
    { name: 'tool calls', a: a.numToolCalls, b: b.numToolCalls },
  ];
  return (
    <div className="mb-5 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_280px]">
      <Summary side="A" r={a} qs={qs} />
      <Summary side="B" r={b} qs={qs} />
      <section
        aria-label="Metrics diff"
        className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      >
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-[11px] tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              <th className="pb-1 font-semibold">Metric</th>
              <th className="pb-1 text-right font-semibold">A</th>
              <th className="pb-1 text-right font-semibold">B</th>
              <th className="pb-1 text-right font-semibold">Δ</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const d = delta(r.a, r.b);
              return (
                <tr key={r.name} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="truncate py-1 font-mono text-xs">{r.name}</td>
                  <td className="py-1 text-right tabular">{fmtNum(r.a)}</td>
                  <td className="py-1 text-right tabular">{fmtNum(r.b)}</td>
                  <td className={`py-1 text-right font-medium tabular ${d.tone}`}>{d.text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
