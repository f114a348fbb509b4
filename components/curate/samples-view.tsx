import Link from 'next/link';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
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
        <Table aria-label={title} density="compact">
          <THead>
            <tr>
              <Th>Rollout</Th>
              <Th>Task</Th>
              <Th numeric>Reward</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((i) => {
              const t = model.taskIdx[i];
              const r = model.reward[i];
              return (
                <Tr key={i}>
                  <Td>
                    <Link href={`/datasets/${datasetId}/rollouts/${model.ids[i]}`} className={linkClass}>
                      #{model.ids[i]}
                    </Link>
                  </Td>
                  <Td className="max-w-0 truncate font-mono text-zinc-600 dark:text-zinc-300">
                    {t >= 0 ? model.tasks[t] : '—'}
                  </Td>
                  <Td numeric>{r === r ? fmtNum(r) : 'null'}</Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
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
    <Table aria-label="Sample pairs" density="compact">
      <THead>
        <tr>
          <Th>Chosen</Th>
          <Th>Rejected</Th>
          <Th>Task</Th>
          <Th numeric>Rewards</Th>
          <Th numeric>Gap</Th>
          <Th />
        </tr>
      </THead>
      <TBody>
        {pairs.map((p) => (
          <Tr key={`${p.chosen}-${p.rejected}`}>
            <Td>
              <Link href={`/datasets/${datasetId}/rollouts/${model.ids[p.chosen]}`} className={linkClass}>
                #{model.ids[p.chosen]}
              </Link>
            </Td>
            <Td>
              <Link href={`/datasets/${datasetId}/rollouts/${model.ids[p.rejected]}`} className={linkClass}>
                #{model.ids[p.rejected]}
              </Link>
            </Td>
            <Td className="max-w-0 truncate font-mono text-zinc-600 dark:text-zinc-300">
              {task(p.chosen) === task(p.rejected) ? task(p.chosen) : `${task(p.chosen)} / ${task(p.rejected)}`}
            </Td>
            <Td numeric>
              {fmtNum(model.reward[p.chosen])} / {fmtNum(model.reward[p.rejected])}
            </Td>
            <Td numeric className="font-medium">
              {fmtNum(p.gap)}
            </Td>
            <Td align="right">
              <Link
                href={`/compare?a=${model.ids[p.chosen]}&b=${model.ids[p.rejected]}`}
                className="text-indigo-700 hover:underline dark:text-indigo-400"
              >
                Compare
              </Link>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
