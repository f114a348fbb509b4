import Link from 'next/link';
import type { Metadata } from 'next';
import { listDatasets } from '@/lib/db/datasets';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { Badge } from '@/components/ui/badge';
import { fmtDate, fmtInt, fmtNum } from '@/lib/ui/format';
import { listJobJson } from '@/lib/jobs/job-views';
import { ImportDropZone } from './_components/import-drop-zone';
import { ImportsList } from './_components/imports-list';
import { formatOptions } from '@/app/_shared/imports/format-options';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Datasets' };

export default async function DatasetsPage() {
  const [datasets, imports] = await Promise.all([listDatasets(), listJobJson({ kind: 'import', limit: 10 })]);
  return (
    <div>
      <PageHeader title="Datasets" subtitle="Each dataset holds the rollouts of one or more imported files." />
      <ImportDropZone formats={formatOptions()} />
      {datasets.length === 0 ? (
        <EmptyState title="No datasets yet">
          Drop a rollout file above to begin: tau2-bench results, NeMo-Gym rollouts.jsonl, verl parquet, OpenAI chat
          JSONL, HH-RLHF or preference pairs. From a terminal:{' '}
          <code className="font-mono">npx sift import --dataset NAME FILE</code>.
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm">
            <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-4 py-2 text-right font-medium">Rollouts</th>
                <th className="px-4 py-2 text-right font-medium">Tasks</th>
                <th className="px-4 py-2 text-right font-medium">Mean reward</th>
                <th className="px-4 py-2 text-right font-medium">Imports</th>
                <th className="px-4 py-2 font-medium">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {datasets.map((d) => (
                <tr key={d.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                  <td className="px-4 py-2.5">
                    <Link
                      href={`/datasets/${d.id}`}
                      className="font-medium text-indigo-700 hover:underline dark:text-indigo-400"
                    >
                      {d.name}
                    </Link>
                    {d.isSample && (
                      <span className="ml-2">
                        <Badge tone="info">sample</Badge>
                      </span>
                    )}
                    {d.description && <div className="text-xs text-zinc-500">{d.description}</div>}
                  </td>
                  <td className="tabular px-4 py-2.5 text-right">{fmtInt(d.rollouts)}</td>
                  <td className="tabular px-4 py-2.5 text-right">{fmtInt(d.tasks)}</td>
                  <td className="tabular px-4 py-2.5 text-right">{fmtNum(d.meanReward)}</td>
                  <td className="tabular px-4 py-2.5 text-right">{fmtInt(d.imports)}</td>
                  <td className="px-4 py-2.5 text-zinc-500">{fmtDate(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ImportsList initial={imports} />
    </div>
  );
}
