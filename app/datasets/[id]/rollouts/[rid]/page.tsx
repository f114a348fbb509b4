import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getRollout, listTaskTrials } from '@/lib/db/rollout-detail';
import { neighborIds } from '@/lib/db/rollouts';
import { parseRolloutQuery, rolloutQueryString } from '@/lib/ui/rollout-query';
import { RolloutBodyView } from '@/components/conversation/rollout-body-view';
import { MetricsPanel } from './_components/metrics-panel';
import { RolloutNav } from './_components/rollout-nav';
import { TokensTab } from './_components/tokens-tab';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string; rid: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const isId = (s: string) => /^\d{1,15}$/.test(s);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { rid } = await params;
  return { title: `Rollout ${rid}` };
}

export default async function RolloutPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await requirePageRole('viewer');
  const [{ id, rid }, sp] = await Promise.all([params, searchParams]);
  if (!isId(id) || !isId(rid)) notFound();
  const datasetId = Number(id);
  const rollout = await getRollout({ id: Number(rid) });
  if (!rollout || rollout.datasetId !== datasetId) notFound();

  // The table's view state rides along in the URL: next/previous stay within it, "Back" returns to it.
  const query = parseRolloutQuery(sp);
  const qs = rolloutQueryString(query);
  const [neighbors, trials] = await Promise.all([
    neighborIds({ datasetId, query, id: rollout.id }),
    rollout.taskId ? listTaskTrials({ datasetId, taskId: rollout.taskId }) : Promise.resolve([]),
  ]);

  return (
    <div>
      <nav
        aria-label="Breadcrumb"
        className="mb-2 flex flex-wrap items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400"
      >
        <Link href="/datasets" className="hover:text-zinc-800 hover:underline dark:hover:text-zinc-200">
          Datasets
        </Link>
        <span aria-hidden>/</span>
        <Link href={`/datasets/${datasetId}`} className="hover:text-zinc-800 hover:underline dark:hover:text-zinc-200">
          {rollout.datasetName}
        </Link>
        <span aria-hidden>/</span>
        <span>Rollout {rollout.id}</span>
      </nav>
      <div className="mb-5 flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="truncate text-xl font-semibold tracking-tight" title={rollout.externalId}>
            {rollout.externalId || `Rollout ${rollout.id}`}
          </h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {rollout.taskId ? (
              <>
                Task <span className="font-mono">{rollout.taskId}</span>
                {rollout.trial !== null && <> · trial {rollout.trial}</>}
              </>
            ) : (
              'No task id'
            )}
            {' · '}
            {rollout.numMessages} messages · {rollout.numToolCalls} tool {rollout.numToolCalls === 1 ? 'call' : 'calls'}
          </p>
        </div>
        <RolloutNav datasetId={datasetId} qs={qs} neighbors={neighbors} />
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_300px]">
        <div className="min-w-0">
          <RolloutBodyView
            key={rollout.id /* fresh expand/measure state per rollout on next/previous */}
            messages={rollout.messages}
            tools={rollout.tools}
            meta={rollout.meta}
            perfMark="sift:conversation"
            extraTabs={[{ id: 'tokens', label: 'Tokens', content: <TokensTab rolloutId={rollout.id} /> }]}
          />
        </div>
        <div className="lg:sticky lg:top-16 lg:max-h-[calc(100vh-5rem)] lg:self-start lg:overflow-y-auto">
          <MetricsPanel rollout={rollout} trials={trials} compareQs={qs} />
        </div>
      </div>
    </div>
  );
}
