import Link from 'next/link';
import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { Badge } from '@/components/ui/badge';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { getDataset } from '@/lib/db/datasets';
import { listTasks, TASK_FLAGS, TASK_SORT_KEYS, type TaskFlag, type TaskSortKey } from '@/lib/db/tasks';
import { fmtInt, fmtNum } from '@/lib/ui/format';
import { DatasetNav } from '../_components/dataset-nav';
import { DatasetTitle } from '../_components/dataset-title';
import { Stat } from '../_components/stat';
import { TaskPager } from './_components/task-pager';
import { capabilitiesOf } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Tasks' };

const PAGE_SIZE = 100;
const paramsSchema = z.object({
  sort: z
    .string()
    .regex(new RegExp(`^-?(${TASK_SORT_KEYS.join('|')})$`))
    .transform((s) => ({
      key: s.replace(/^-/, '') as TaskSortKey,
      dir: s.startsWith('-') ? ('desc' as const) : ('asc' as const),
    }))
    .catch({ key: 'task', dir: 'asc' }),
  flag: z.enum(TASK_FLAGS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});

const COLUMNS: { key: TaskSortKey | null; label: string; title?: string; right?: boolean }[] = [
  { key: 'task', label: 'Task' },
  { key: 'trials', label: 'Trials', right: true },
  { key: null, label: 'Successes', right: true },
  { key: 'mean', label: 'Mean reward', right: true },
  { key: 'std', label: 'Std', right: true, title: 'Sample standard deviation of the trials’ rewards' },
  { key: 'range', label: 'Min – max', right: true, title: 'Spread: max − min' },
  { key: 'pass1', label: 'pass@1', right: true, title: 'Unbiased estimate c/n' },
  { key: null, label: 'pass@k', right: true, title: 'k = trials: 1 when any trial succeeded' },
  { key: null, label: 'Flags' },
  { key: null, label: '' },
];

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export default async function TasksPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const can = capabilitiesOf((await requirePageRole('viewer')).role);
  const { id } = await params;
  const dataset = /^\d+$/.test(id) ? await getDataset({ id: Number(id) }) : null;
  if (!dataset) notFound();
  const sp = await searchParams;
  const one = (k: string) => (Array.isArray(sp[k]) ? sp[k][0] : sp[k]);
  const p = paramsSchema.parse({ sort: one('sort') ?? '', flag: one('flag'), page: one('page') ?? 1 });
  const { rows, total, summary } = await listTasks({
    datasetId: dataset.id,
    sort: p.sort,
    flag: p.flag,
    page: p.page,
    pageSize: PAGE_SIZE,
  });
  const base = `/datasets/${dataset.id}/tasks`;
  const href = (patch: { sort?: string; flag?: string | null; page?: number }) => {
    const u = new URLSearchParams();
    const sort = patch.sort ?? `${p.sort.dir === 'desc' ? '-' : ''}${p.sort.key}`;
    if (sort !== 'task') u.set('sort', sort);
    const flag = patch.flag === undefined ? p.flag : patch.flag;
    if (flag) u.set('flag', flag);
    if (patch.page && patch.page > 1) u.set('page', String(patch.page));
    const s = u.toString();
    return s ? `${base}?${s}` : base;
  };
  // A page past the end (a hand-edited ?page=999) goes to the last page.
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (rows.length === 0 && p.page > lastPage) redirect(href({ page: lastPage }));
  const sortHref = (key: TaskSortKey) => {
    const desc = p.sort.key === key ? p.sort.dir === 'asc' : key !== 'task';
    return href({ sort: `${desc ? '-' : ''}${key}` });
  };
  const flagLinks: { flag: TaskFlag | null; label: string; n?: number }[] = [
    { flag: null, label: 'All', n: summary.tasks },
    { flag: 'mixed', label: 'Mixed' },
    { flag: 'all-pass', label: 'All pass', n: summary.allPass },
    { flag: 'all-fail', label: 'All fail', n: summary.allFail },
    { flag: 'zero-variance', label: 'Zero variance', n: summary.zeroVariance },
  ];
  return (
    <div className="space-y-4">
      <DatasetTitle
        name={dataset.name}
        section="Tasks"
        subtitle="Rollouts grouped by task. Success = the rollout's success flag, else reward ≥ the dataset's max reward."
      />
      <DatasetNav datasetId={dataset.id} active="tasks" canExport={can.export} />
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Stat label="Tasks" value={fmtInt(summary.tasks)} />
        <Stat label="Mean pass@1" value={pct(summary.meanPassAt1)} />
        <Stat label="Mean pass@k" value={pct(summary.meanPassAtK)} detail="k = trials per task" />
        <Stat label="All pass" value={fmtInt(summary.allPass)} detail="tasks where every trial succeeded" />
        <Stat label="All fail" value={fmtInt(summary.allFail)} detail="tasks where no trial succeeded" />
        <Stat label="Zero variance" value={fmtInt(summary.zeroVariance)} detail="dropped by GRPO-style training" />
      </dl>
      <nav aria-label="Task filter" className="flex flex-wrap gap-1 text-xs">
        {flagLinks.map((f) => (
          <Link
            key={f.label}
            href={href({ flag: f.flag, page: 1 })}
            aria-current={(p.flag ?? null) === f.flag ? 'page' : undefined}
            className={`rounded-full border px-2.5 py-0.5 ${(p.flag ?? null) === f.flag ? 'border-indigo-500 bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200' : 'border-zinc-300 text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800'}`}
          >
            {f.label}
            {f.n !== undefined && <span className="tabular ml-1 text-zinc-500">{fmtInt(f.n)}</span>}
          </Link>
        ))}
      </nav>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <Table aria-label="Tasks" layout="framed" density="compact">
          <THead banded>
            <tr>
              {COLUMNS.map((c) => (
                <Th
                  key={c.label || 'actions'}
                  numeric={c.right}
                  title={c.title}
                  aria-sort={
                    c.key && p.sort.key === c.key ? (p.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined
                  }
                >
                  {c.key ? (
                    <Link href={sortHref(c.key)} className="hover:text-zinc-900 dark:hover:text-zinc-100">
                      {c.label}
                      {p.sort.key === c.key && (
                        <span className="ml-0.5 text-indigo-600 dark:text-indigo-400">
                          {p.sort.dir === 'asc' ? '↑' : '↓'}
                        </span>
                      )}
                    </Link>
                  ) : (
                    c.label
                  )}
                </Th>
              ))}
            </tr>
          </THead>
          <TBody>
            {rows.map((t) => (
              <Tr key={t.taskId} hover>
                <Td className="font-mono text-xs">
                  <Link
                    href={`/datasets/${dataset.id}/rollouts?task=${encodeURIComponent(t.taskId)}&sort=trial`}
                    className="text-indigo-700 hover:underline dark:text-indigo-400"
                  >
                    {t.taskId}
                  </Link>
                </Td>
                <Td numeric>{t.trials}</Td>
                <Td numeric>{t.successes}</Td>
                <Td numeric>{fmtNum(t.mean)}</Td>
                <Td numeric>{fmtNum(t.std)}</Td>
                <Td numeric>{t.min === null ? '—' : `${fmtNum(t.min)} – ${fmtNum(t.max)}`}</Td>
                <Td numeric>{fmtNum(t.passAt1, 2)}</Td>
                <Td numeric>{fmtNum(t.passAtK, 2)}</Td>
                <Td className="space-x-1 whitespace-nowrap">
                  {t.isAllPass && <Badge tone="good">all pass</Badge>}
                  {t.isAllFail && <Badge tone="bad">all fail</Badge>}
                  {t.isZeroVariance && <Badge tone="warn">zero var</Badge>}
                </Td>
                <Td align="right" className="text-xs whitespace-nowrap">
                  {t.bestId !== null && t.worstId !== null ? (
                    <Link
                      href={`/compare?a=${t.bestId}&b=${t.worstId}`}
                      className="text-indigo-700 hover:underline dark:text-indigo-400"
                      title="Best vs worst trial"
                    >
                      compare two trials
                    </Link>
                  ) : (
                    <span className="text-zinc-400">—</span>
                  )}
                </Td>
              </Tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <Td colSpan={COLUMNS.length} align="center" className="text-sm text-zinc-500 [--cell-py:--spacing(10)]">
                  No task matches.
                </Td>
              </tr>
            )}
          </TBody>
        </Table>
      </div>
      <TaskPager
        page={p.page}
        total={total}
        pageSize={PAGE_SIZE}
        prevHref={p.page > 1 ? href({ page: p.page - 1 }) : null}
        nextHref={p.page * PAGE_SIZE < total ? href({ page: p.page + 1 }) : null}
      />
    </div>
  );
}
