import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getRollout } from '@/lib/db/rollout-detail';
import { parseRolloutQuery, rolloutQueryString } from '@/lib/ui/rollout-query';
import { CompareView } from '@/components/conversation/compare-view';
import { EmptyState } from '@/components/ui/empty-state';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { CompareHeader } from './_components/compare-header';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare rollouts' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const isId = (s: string | undefined): s is string => !!s && /^\d{1,15}$/.test(s);

/** /compare?a=<id>&b=<id>[&align=index][&<the rollout table's query>] */
export default async function ComparePage({ searchParams }: { searchParams: SearchParams }) {
  await requirePageRole('viewer');
  const sp = await searchParams;
  const rawA = one(sp.a);
  const rawB = one(sp.b);
  if (!isId(rawA) || !isId(rawB)) {
    return (
      <>
        <PageHeader title="Compare rollouts" />
        <EmptyState
          title="Pick two rollouts to compare"
          action={<ButtonLink href="/datasets">Go to datasets</ButtonLink>}
        >
          Select two rows in a dataset&apos;s rollout table, or open a task and choose two of its trials. The address
          takes the form
          <code className="mx-1 rounded bg-zinc-100 px-1 dark:bg-zinc-800">/compare?a=12&amp;b=34</code>.
        </EmptyState>
      </>
    );
  }
  const [a, b] = await Promise.all([getRollout({ id: Number(rawA) }), getRollout({ id: Number(rawB) })]);
  if (!a || !b) notFound();
  const mode = one(sp.align) === 'index' ? 'index' : 'signature';
  const qs = rolloutQueryString(parseRolloutQuery(sp));
  const modeHref = (m: 'signature' | 'index') => {
    const p = new URLSearchParams(qs.slice(1));
    p.set('a', String(a.id));
    p.set('b', String(b.id));
    if (m === 'index') p.set('align', 'index');
    return `/compare?${p.toString()}`;
  };
  const swapHref = (() => {
    const p = new URLSearchParams(qs.slice(1));
    p.set('a', String(b.id));
    p.set('b', String(a.id));
    if (mode === 'index') p.set('align', 'index');
    return `/compare?${p.toString()}`;
  })();
  const sameDataset = a.datasetId === b.datasetId;
  const toggle = (m: 'signature' | 'index', label: string) => (
    <Link
      href={modeHref(m)}
      aria-current={mode === m ? 'true' : undefined}
      className={`px-2 py-1 ${mode === m ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'}`}
    >
      {label}
    </Link>
  );
  return (
    <div>
      <PageHeader
        title="Compare rollouts"
        subtitle={
          a.taskId && a.taskId === b.taskId ? `Two trials of task ${a.taskId}` : `${a.externalId} vs ${b.externalId}`
        }
        actions={
          <>
            <ButtonLink href={swapHref} variant="ghost">
              Swap A ⇄ B
            </ButtonLink>
            {sameDataset && <ButtonLink href={`/datasets/${a.datasetId}/rollouts${qs}`}>Back to table</ButtonLink>}
          </>
        }
      />
      <CompareHeader a={a} b={b} qs={qs} />
      <CompareView
        key={`${a.id}-${b.id}-${mode}`}
        a={a.messages}
        b={b.messages}
        mode={mode}
        toolbar={
          <span className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
            Align by
            <span className="inline-flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
              {toggle('signature', 'role & tool')}
              {toggle('index', 'index')}
            </span>
          </span>
        }
      />
    </div>
  );
}
