import Link from 'next/link';
import type { CurationModel } from '@/lib/curation';
import { fmtNum } from '@/lib/ui/format';
import type { SamplePair } from './use-curation';

const linkClass = 'font-mono text-indigo-700 hover:underline dark:text-indigo-400';

function RowList({
  model,
  rows,
  datasetId,
  title,
  empty,
}: {
  model: CurationModel;
  rows: number[];
  datasetId: number;
  title: string;
  empty: string;
}) {
  return (
    <div className="min-w-0">
      <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{title}</h4>
      {rows.length === 0 ? (
        <p className="text-xs text-zinc-500">{empty}</p>
      ) : (
        <table className="w-full text-xs" aria-label={title}>
          <thead className="text-left text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="py-0.5 font-medium">Rollout</th>
              <th className="py-0.5 font-medium">Task</th>
              <th className="py-0.5 text-right font-medium">Reward</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => {
              const t = model.taskIdx[i];
              const r = model.reward[i];
              return (
                <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-0.5">
                    <Link href={`/datasets/${datasetId}/rollouts/${model.ids[i]}`} className={linkClass}>
                      #{model.ids[i]}
                    </Link>
                  </td>
                  <td className="max-w-0 truncate py-0.5 font-mono text-zinc-600 dark:text-zinc-300">
                    {t >= 0 ? model.tasks[t] : '—'}
                  </td>
                  <td className="tabular py-0.5 text-right">{r === r ? fmtNum(r) : 'null'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** A seeded sample of kept and dropped rollouts, each opening in the viewer. */
export function ExampleSamples({
  model,
  kept,
  dropped,
  datasetId,
}: {
  model: CurationModel;
  kept: number[];
  dropped: number[];
  datasetId: number;
}) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <RowList model={model} rows={kept} datasetId={datasetId} title="Kept" empty="Nothing is kept." />
      <RowList model={model} rows={dropped} datasetId={datasetId} title="Dropped" empty="Nothing is dropped." />
    </div>
  );
}

/** A seeded sample of DPO pairs, each opening in the compare view (a = chosen, b = rejected). */
export function PairSamples({
  model,
  pairs,
  datasetId,
}: {
  model: CurationModel;
  pairs: SamplePair[];
  datasetId: number;
}) {
  if (pairs.length === 0) return <p className="text-xs text-zinc-500">No pairs with these settings.</p>;
  const task = (i: number) => (model.taskIdx[i] >= 0 ? model.tasks[model.taskIdx[i]] : '—');
  return (
    <table className="w-full text-xs" aria-label="Sample pairs">
      <thead className="text-left text-zinc-500 dark:text-zinc-400">
        <tr>
          <th className="py-0.5 font-medium">Chosen</th>
          <th className="py-0.5 font-medium">Rejected</th>
          <th className="py-0.5 font-medium">Task</th>
          <th className="py-0.5 text-right font-medium">Rewards</th>
          <th className="py-0.5 text-right font-medium">Gap</th>
          <th className="py-0.5" />
        </tr>
      </thead>
      <tbody>
        {pairs.map((p) => (
          <tr key={`${p.chosen}-${p.rejected}`} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="py-0.5">
              <Link href={`/datasets/${datasetId}/rollouts/${model.ids[p.chosen]}`} className={linkClass}>
                #{model.ids[p.chosen]}
              </Link>
            </td>
            <td className="py-0.5">
              <Link href={`/datasets/${datasetId}/rollouts/${model.ids[p.rejected]}`} className={linkClass}>
                #{model.ids[p.rejected]}
              </Link>
            </td>
            <td className="max-w-0 truncate py-0.5 font-mono text-zinc-600 dark:text-zinc-300">
              {task(p.chosen) === task(p.rejected) ? task(p.chosen) : `${task(p.chosen)} / ${task(p.rejected)}`}
            </td>
            <td className="tabular py-0.5 text-right">
              {fmtNum(model.reward[p.chosen])} / {fmtNum(model.reward[p.rejected])}
            </td>
            <td className="tabular py-0.5 text-right font-medium">{fmtNum(p.gap)}</td>
            <td className="py-0.5 text-right">
              <Link
                href={`/compare?a=${model.ids[p.chosen]}&b=${model.ids[p.rejected]}`}
                className="text-indigo-700 hover:underline dark:text-indigo-400"
              >
                Compare
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
