'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { cancelImportAction } from '@/app/_shared/imports/actions';
import { JobProgressBar } from '@/app/_shared/imports/job-progress';
import { useJob } from '@/app/_shared/imports/use-job';

/** Live progress of a running import; the page re-renders with the report when it ends. */
export function LiveImport({ jobId, fileName, canCancel }: { jobId: string; fileName: string; canCancel: boolean }) {
  const router = useRouter();
  const job = useJob(jobId, { onFinished: () => router.refresh() });
  return (
    <div className="flex items-center gap-3">
      <div className="flex-1">
        <JobProgressBar label={`Import of ${fileName}`} live={job?.live ?? null} />
      </div>
      {canCancel && (
        <Button size="sm" onClick={() => void cancelImportAction({ jobId })}>
          Cancel
        </Button>
      )}
    </div>
  );
}
