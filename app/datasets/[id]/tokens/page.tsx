import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { getDataset } from '@/lib/db/datasets';
import { listTokenAnalyses } from '@/lib/db/token-analyses';
import { getJobView } from '@/lib/jobs/spawn';
import { warmTokenizer } from '@/lib/jobs/token-server';
import { DatasetNav } from '../_components/dataset-nav';
import { DatasetTitle } from '../_components/dataset-title';
import { AnalysesList } from '@/app/_shared/tokens/analyses-list';
import { AnalysisForm } from '@/app/_shared/tokens/analysis-form';
import { CurrentAnalysis } from '@/app/_shared/tokens/current-analysis';
import { capabilitiesOf } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Tokens' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A dataset's token analyses: `?job=ID` shows that one, otherwise the newest. */
export default async function DatasetTokensPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const can = capabilitiesOf((await requirePageRole('viewer')).role);
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const dataset = /^\d{1,15}$/.test(id) ? await getDataset({ id: Number(id) }) : null;
  if (!dataset) notFound();
  const jobs = await listTokenAnalyses({ datasetId: dataset.id, limit: 20 });
  // Tokenizer workers start loading now (the form's default, and the last analysis' tokenizer), so
  // an analysis started from this page does not wait for them.
  warmTokenizer('qwen3');
  const last = jobs[0]?.payload as { tokenizer?: unknown } | undefined;
  if (typeof last?.tokenizer === 'string' && last.tokenizer !== 'qwen3') warmTokenizer(last.tokenizer);
  const requested = typeof sp.job === 'string' ? sp.job : undefined;
  const currentId = requested ?? jobs[0]?.id;
  const current = currentId ? await getJobView(currentId) : null;
  if (
    requested &&
    (!current || current.kind !== 'tokens' || (current.payload as { datasetId?: number })?.datasetId !== dataset.id)
  )
    notFound();

  return (
    <div className="space-y-4">
      <DatasetTitle
        name={dataset.name}
        section="Tokens"
        subtitle="Token lengths under a real tokenizer and chat template, and the max_length that keeps the trained tokens."
      />
      <DatasetNav datasetId={dataset.id} active="tokens" canExport={can.export} />
      {can.tokens && (
        <Card title="New analysis">
          <AnalysisForm datasetId={dataset.id} />
        </Card>
      )}
      {current && <CurrentAnalysis key={current.id} job={current} canCancel={can.tokens} />}
      <Card title="Recent analyses of this dataset">
        <AnalysesList jobs={jobs} currentJobId={current?.id} />
      </Card>
    </div>
  );
}
