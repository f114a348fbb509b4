import Link from 'next/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getImport, getImportByJob, type ImportDetail } from '@/lib/db/imports';
import { isJobActive } from '@/lib/job-status';
import { getJobJson, type JobJson } from '@/lib/jobs/job-views';
import { fmtBytes, fmtDate, fmtInt } from '@/lib/ui/format';
import { formatOptions } from '@/app/_shared/imports/format-options';
import { jobStatusTone } from '@/app/_shared/imports/job-status-tone';
import { FailurePanel } from './_components/failure-panel';
import { IssuesTable } from './_components/issues-table';
import { LiveImport } from './_components/live-import';
import { OWNER_NAME } from '@/lib/auth/actor';
import { capabilitiesOf } from '@/lib/auth/roles';
import { requirePageRole } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Import report' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** /imports/<job id> (imports started in the app) or /imports/<import id> (any import, e.g. from the CLI). */
async function load(id: string): Promise<{ job: JobJson | null; imp: ImportDetail | null } | null> {
  if (UUID.test(id)) {
    const job = await getJobJson(id);
    if (!job || job.kind !== 'import') return null;
    return { job, imp: job.status === 'done' ? await getImportByJob({ jobId: id }) : null };
  }
  if (/^\d+$/.test(id)) {
    const imp = await getImport({ id: Number(id) });
    if (!imp) return null;
    return { job: imp.jobId ? await getJobJson(imp.jobId) : null, imp };
  }
  return null;
}

export default async function ImportReportPage({ params }: { params: Promise<{ id: string }> }) {
  const can = capabilitiesOf((await requirePageRole('viewer')).role);
  const { id } = await params;
  const found = await load(id);
  if (!found) notFound();
  const { job, imp } = found;
  const fileName = imp?.fileName ?? job?.fileName ?? 'file';
  const status = imp ? 'done' : (job?.status ?? 'unknown');
  const running = job && isJobActive(job.status);
  const tone = imp ? 'good' : job ? jobStatusTone(job.status) : 'info';
  return (
    <div className="space-y-4">
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            Import of <span className="font-mono">{fileName}</span> <Badge tone={tone}>{status}</Badge>
          </span>
        }
        subtitle={
          <>
            Into{' '}
            {imp ? (
              <Link
                href={`/datasets/${imp.datasetId}`}
                className="text-indigo-700 hover:underline dark:text-indigo-400"
              >
                {imp.datasetName}
              </Link>
            ) : (
              (job?.datasetName ?? '—')
            )}
            {job && (
              <>
                {' '}
                · started {fmtDate(job.createdAt)} by {job.createdBy ?? OWNER_NAME}
              </>
            )}
          </>
        }
      />
      {running && job && (
        <Card title="Progress">
          <LiveImport jobId={job.id} fileName={fileName} canCancel={can.import} />
        </Card>
      )}
      {!imp && job && !running && <FailurePanel job={job} formats={formatOptions()} canRerun={can.import} />}
      {imp && <ImportDetails imp={imp} />}
    </div>
  );
}

/** How the counts add up, in words. Imports made before rolloutCount existed counted rollouts. */
function countsSentence(imp: ImportDetail): string {
  if (imp.rolloutCount === null) {
    const rollouts = imp.imported + imp.duplicates;
    return rollouts === imp.read - imp.skipped
      ? `Read ${fmtInt(imp.read)} = ${fmtInt(imp.imported)} imported + ${fmtInt(imp.skipped)} skipped + ${fmtInt(imp.duplicates)} duplicates (already in the dataset).`
      : `${fmtInt(imp.read - imp.skipped)} records produced ${fmtInt(rollouts)} rollouts (preference pairs give two each): ${fmtInt(imp.imported)} imported + ${fmtInt(imp.duplicates)} duplicates; ${fmtInt(imp.skipped)} records skipped.`;
  }
  const pairs = imp.rolloutCount > imp.imported ? ' (a preference pair record stores two)' : '';
  return `Read ${fmtInt(imp.read)} records = ${fmtInt(imp.imported)} imported + ${fmtInt(imp.skipped)} skipped + ${fmtInt(imp.duplicates)} duplicates (already in the dataset); ${fmtInt(imp.rolloutCount)} rollouts stored${pairs}.`;
}

function ImportDetails({ imp }: { imp: ImportDetail }) {
  const seconds = imp.finishedAt ? (imp.finishedAt.getTime() - imp.createdAt.getTime()) / 1000 : null;
  const counts: [string, number | null][] = [
    ['Read', imp.read],
    ['Imported', imp.imported],
    ['Skipped', imp.skipped],
    ['Duplicates', imp.duplicates],
    ['Rollouts', imp.rolloutCount],
    ['Issues', imp.issueCount],
  ];
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-6" aria-label="Counts">
        {counts.map(([label, n]) => (
          <div
            key={label}
            className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <dt className="text-xs uppercase tracking-wide text-zinc-500">{label}</dt>
            <dd className="tabular mt-1 text-xl font-semibold">{n === null ? '—' : fmtInt(n)}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {countsSentence(imp)}{' '}
        <Link href={`/datasets/${imp.datasetId}`} className="text-indigo-700 hover:underline dark:text-indigo-400">
          Open the dataset
        </Link>
      </p>
      <Card title="File">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-zinc-500">Format</dt>
          <dd>
            <span className="font-mono">{imp.format ?? '—'}</span>
            {imp.formatReason && <span className="text-zinc-500"> — {imp.formatReason}</span>}
          </dd>
          <dt className="text-zinc-500">Bad records</dt>
          <dd>{imp.mode === 'strict' ? 'strict (abort on the first)' : 'skipped and listed below'}</dd>
          <dt className="text-zinc-500">Size</dt>
          <dd>{fmtBytes(imp.size)}</dd>
          <dt className="text-zinc-500">sha256</dt>
          <dd className="break-all font-mono text-xs">{imp.sha256}</dd>
          <dt className="text-zinc-500">Finished</dt>
          <dd>
            {imp.finishedAt ? fmtDate(imp.finishedAt) : '—'}
            {seconds !== null && <span className="text-zinc-500"> ({seconds.toFixed(1)} s)</span>}
          </dd>
        </dl>
      </Card>
      <Card title={`Issues (${fmtInt(imp.issueCount)})`}>
        <IssuesTable issues={imp.issues} total={imp.issueCount} />
      </Card>
    </>
  );
}
