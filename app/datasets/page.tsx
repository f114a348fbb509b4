import Link from 'next/link';
import type { Metadata } from 'next';
import { listDatasets } from '@/lib/db/datasets';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { Badge } from '@/components/ui/badge';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { fmtDate, fmtInt, fmtNum } from '@/lib/ui/format';
import { listJobJson } from '@/lib/jobs/job-views';
import { ImportDropZone } from './_components/import-drop-zone';
import { ImportsList } from './_components/imports-list';
import { formatOptions } from '@/app/_shared/imports/format-options';
import { capabilitiesOf } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Datasets' };

export default async function DatasetsPage() {
  const can = capabilitiesOf((await requirePageRole('viewer')).role);
  const [datasets, imports] = await Promise.all([listDatasets(), listJobJson({ kind: 'import', limit: 10 })]);
  return (
    <div>
      <PageHeader title="Datasets" subtitle="Each dataset holds the rollouts of one or more imported files." />
      {can.import && <ImportDropZone formats={formatOptions()} />}
      {datasets.length === 0 ? (
        <EmptyState title="No datasets yet">
          {can.import ? (
            <>
              Drop a rollout file above to begin: tau2-bench results, NeMo-Gym rollouts.jsonl, verl parquet, OpenAI chat
              JSONL, HH-RLHF or preference pairs. From a terminal:{' '}
              <code className="font-mono">npx sift import --dataset NAME FILE</code>.
            </>
          ) : (
            'Datasets appear here once a curator imports them.'
          )}
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <Table layout="framed" density="relaxed">
            <THead banded>
              <tr>
                <Th>Name</Th>
                <Th numeric>Rollouts</Th>
                <Th numeric>Tasks</Th>
                <Th numeric>Mean reward</Th>
                <Th numeric>Imports</Th>
                <Th>Updated</Th>
              </tr>
            </THead>
            <TBody>
              {datasets.map((d) => (
                <Tr key={d.id} hover>
                  <Td>
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
                  </Td>
                  <Td numeric>{fmtInt(d.rollouts)}</Td>
                  <Td numeric>{fmtInt(d.tasks)}</Td>
                  <Td numeric>{fmtNum(d.meanReward)}</Td>
                  <Td numeric>{fmtInt(d.imports)}</Td>
                  <Td className="text-zinc-500">{fmtDate(d.updatedAt)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      )}
      <ImportsList initial={imports} />
    </div>
  );
}
