import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { listDatasets } from '@/lib/db/datasets';
import { listTokenAnalyses } from '@/lib/db/token-analyses';
import { warmTokenizer } from '@/lib/jobs/token-server';
import { AnalysesList } from '@/app/_shared/tokens/analyses-list';
import { AnalysisForm } from '@/app/_shared/tokens/analysis-form';
import { capabilitiesOf } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Tokens' };

export default async function TokensPage() {
  const can = capabilitiesOf((await requirePageRole('viewer')).role);
  // Tokenizer workers start loading now, while the user fills in the form.
  warmTokenizer('qwen3');
  const [datasets, jobs] = await Promise.all([listDatasets(), listTokenAnalyses({ limit: 20 })]);
  return (
    <div className="space-y-4">
      <PageHeader
        title="Token analysis"
        subtitle="Render rollouts with a real tokenizer and chat template, see how long they are, and pick a max_length that keeps the trained tokens."
      />
      {datasets.length === 0 ? (
        <EmptyState
          title="No datasets yet"
          action={
            <Link href="/datasets" className="text-indigo-700 underline">
              Import rollouts
            </Link>
          }
        />
      ) : !can.tokens ? null : (
        <Card title="New analysis">
          <AnalysisForm datasets={datasets.map((d) => ({ id: d.id, name: d.name, rollouts: d.rollouts }))} />
        </Card>
      )}
      <Card title="Recent analyses">
        <AnalysesList jobs={jobs} showDataset />
      </Card>
    </div>
  );
}
