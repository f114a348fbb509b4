import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { getDataset } from '@/lib/db/datasets';
import { getJob } from '@/lib/db/jobs';
import { listRolloutLabels } from '@/lib/db/token-analyses';
import { readTokenColumns } from '@/lib/jobs/token-columns';
import { MASK_LABELS, TRAIN_MASKS, zeroTrainedIds, type TrainMask } from '@/lib/token-report';
import { isTokenAnalysisResult } from '@/lib/token-stats/analysis';
import { fmtInt, fmtNum } from '@/lib/ui/format';
import { DatasetNav } from '../../_components/dataset-nav';
import { DatasetTitle } from '../../_components/dataset-title';
import { capabilitiesOf } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Zero trained tokens' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const LIMIT = 1000;

/**
 * The examples an analysis finds with zero trained tokens at a max_length, for the mask and system
 * prompt setting the analysis page had (`?maxLength=&mask=&nosys=1`), recomputed from the analysis'
 * columns; without them (an older analysis), the list the analysis stored.
 */
export default async function ZeroTrainedPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const can = capabilitiesOf((await requirePageRole('viewer')).role);
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const dataset = /^\d{1,15}$/.test(id) ? await getDataset({ id: Number(id) }) : null;
  const jobId = typeof sp.job === 'string' ? sp.job : null;
  if (!dataset || !jobId) notFound();
  const job = await getJob({ id: jobId });
  if (!job || job.kind !== 'tokens' || !isTokenAnalysisResult(job.result) || job.result.datasetId !== dataset.id)
    notFound();
  const stored = job.result.zeroTrained;
  const want = {
    maxLength: typeof sp.maxLength === 'string' && /^\d{1,9}$/.test(sp.maxLength) ? Number(sp.maxLength) : null,
    mask: TRAIN_MASKS.includes(sp.mask as TrainMask) ? (sp.mask as TrainMask) : null,
    removeSystem: sp.nosys === '1',
  };
  const columns = want.maxLength !== null ? await readTokenColumns(job.id) : null;
  let z = { ...stored, removeSystem: job.result.options.removeSystemMessages };
  if (columns && want.maxLength !== null) {
    const mask = want.mask ?? stored.mask;
    const found = zeroTrainedIds(columns, {
      mask,
      removeSystem: want.removeSystem,
      maxLength: want.maxLength,
      limit: LIMIT,
    });
    z = {
      maxLength: want.maxLength,
      mask,
      count: found.count,
      ids: found.ids,
      idsCapped: found.count > found.ids.length,
      removeSystem: want.removeSystem,
    };
  }
  const rows = await listRolloutLabels({ datasetId: dataset.id, ids: z.ids });
  return (
    <div className="space-y-4">
      <DatasetTitle name={dataset.name} section="Zero trained tokens" />
      <DatasetNav datasetId={dataset.id} active="tokens" canExport={can.export} />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {fmtInt(z.count)} examples keep no trained token at max_length {fmtInt(z.maxLength)} ({MASK_LABELS[z.mask]}
        {z.removeSystem ? ', system prompt removed' : ''}): their first trained token lies past the cut. A trainer
        spends compute on them and learns nothing (or gets a NaN loss).{' '}
        <Link
          className="text-indigo-700 underline dark:text-indigo-400"
          href={`/datasets/${dataset.id}/tokens?job=${job.id}`}
        >
          Back to the analysis
        </Link>
      </p>
      {z.idsCapped && <p className="text-sm text-amber-800">Showing the first {fmtInt(z.ids.length)}.</p>}
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-zinc-500">None.</p>
        ) : (
          <Table aria-label="Examples with zero trained tokens">
            <THead>
              <tr>
                <Th>Rollout</Th>
                <Th>Task</Th>
                <Th numeric>Trial</Th>
                <Th numeric>Reward</Th>
                <Th numeric>Messages</Th>
              </tr>
            </THead>
            <TBody>
              {rows.map((r) => (
                <Tr key={r.id}>
                  <Td>
                    <Link
                      className="text-indigo-700 hover:underline dark:text-indigo-400"
                      href={`/datasets/${dataset.id}/rollouts/${r.id}`}
                    >
                      {r.externalId || `#${r.id}`}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs">{r.taskId ?? '—'}</Td>
                  <Td numeric>{r.trial ?? '—'}</Td>
                  <Td numeric>{fmtNum(r.reward)}</Td>
                  <Td numeric>{r.numMessages}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
