import { Card } from '@/components/ui/card';
import { isJobActive } from '@/lib/job-status';
import type { JobView } from '@/lib/jobs/spawn';
import { isTokenAnalysisResult, type TokenAnalysisFailure } from '@/lib/token-stats/analysis';
import { isErrorCode } from '@/lib/errors';
import { fmtDate } from '@/lib/ui/format';
import { ErrorBox, WarningBox } from './analysis-error';
import { AnalysisProgress } from './analysis-progress';
import { AnalysisView } from './analysis-view';

function isFailure(v: unknown): v is TokenAnalysisFailure {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { kind?: unknown }).kind === 'error' &&
    isErrorCode((v as { code?: unknown }).code)
  );
}

/** One analysis in whatever state it is: running (live progress + cancel), failed, canceled or done. */
export function CurrentAnalysis({ job, canCancel }: { job: JobView; canCancel: boolean }) {
  const title = `Analysis of ${fmtDate(job.createdAt)}`;
  if (isJobActive(job.status)) {
    return (
      <Card title={title}>
        <AnalysisProgress jobId={job.id} canCancel={canCancel} />
      </Card>
    );
  }
  if (job.status === 'failed') {
    const f = isFailure(job.result) ? job.result : null;
    return (
      <Card title={title}>
        <ErrorBox
          code={f?.code}
          message={f?.message ?? job.error ?? 'The analysis failed.'}
          line={f?.line}
          file={f?.file}
        />
      </Card>
    );
  }
  if (job.status === 'canceled') {
    return (
      <Card title={title}>
        <WarningBox>
          Canceled. Rollouts finished before the cancel are cached, so running it again resumes where it stopped.
        </WarningBox>
      </Card>
    );
  }
  if (!isTokenAnalysisResult(job.result)) {
    return (
      <Card title={title}>
        <ErrorBox message="This analysis has no stored result (it was made by an older version). Run it again." />
      </Card>
    );
  }
  return <AnalysisView result={job.result} jobId={job.id} />;
}
