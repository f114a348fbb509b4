import Link from 'next/link';
import type { RolloutDetail } from '@/lib/db/rollout-detail';
import { SuccessBadge } from '@/components/conversation/outcome';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { fmtNum } from '@/lib/ui/format';
import { metricLabel, REWARD_METRIC } from '@/lib/ui/reward-metric';

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
  // A `reward` metric equal to both rollouts' reward is the reward row again (lib/ui/reward-metric.ts).
  const repeatsReward = (r: RolloutDetail) =>
    r.metrics[REWARD_METRIC] === undefined || r.metrics[REWARD_METRIC] === r.reward;
  const names = [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])]
    .filter((n) => n !== REWARD_METRIC || !(repeatsReward(a) && repeatsReward(b)))
    .sort();
  const rows: { name: string; a: number | undefined; b: number | undefined }[] = [
    { name: 'reward', a: a.reward ?? undefined, b: b.reward ?? undefined },
    ...names.map((n) => ({ name: metricLabel(n), a: a.metrics[n], b: b.metrics[n] })),
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
        <Table density="compact">
          <THead>
            <tr>
              <Th>Metric</Th>
              <Th numeric>A</Th>
              <Th numeric>B</Th>
              <Th numeric title="B minus A: positive when B is higher">
                Δ B − A
              </Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => {
              const d = delta(r.a, r.b);
              return (
                <Tr key={r.name}>
                  <Td className="truncate font-mono text-xs">{r.name}</Td>
                  <Td numeric>{fmtNum(r.a)}</Td>
                  <Td numeric>{fmtNum(r.b)}</Td>
                  <Td numeric className={`font-medium ${d.tone}`}>
                    {d.text}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </section>
    </div>
  );
}
