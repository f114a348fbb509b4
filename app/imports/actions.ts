'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { fail, ok, parseInput, type ActionResult } from '@/lib/action-result';
import { getJob } from '@/lib/db/jobs';
import { isJobActive } from '@/lib/job-status';
import { formatIds } from '@/lib/formats/registry';
import { isBusyError } from '@/lib/jobs/busy';
import { importPayloadSchema, type ImportPayload } from '@/lib/jobs/import-job';
import { startJob } from '@/lib/jobs/spawn';
import { getUpload } from '@/lib/jobs/uploads';
import path from 'node:path';

const rerunSchema = z.object({
  jobId: z.uuid(),
  format: z
    .string()
    .refine((id) => formatIds().includes(id), 'unknown format')
    .optional(),
  mode: z.enum(['skip-bad', 'strict']).optional(),
  force: z.boolean().optional(),
});

/**
 * Runs a failed, canceled or interrupted import again from its kept upload, optionally with another
 * format, mode, or `force` (import even though the same file is already in the dataset).
 */
export async function rerunImportAction(input: z.input<typeof rerunSchema>): Promise<ActionResult<{ jobId: string }>> {
  const parsed = parseInput(rerunSchema, input);
  if (!parsed.ok) return parsed.result;
  const { jobId, format, mode, force } = parsed.data;
  const job = await getJob({ id: jobId });
  if (!job || job.kind !== 'import') return fail('not_found', `No import job ${jobId}.`);
  if (isJobActive(job.status)) return fail('running', 'This import is still running.');
  const prev = importPayloadSchema.safeParse(job.payload);
  if (!prev.success) return fail('bad_payload', 'This job cannot be run again (its request is unreadable).');
  const upload = await getUpload(path.basename(prev.data.uploadPath));
  if (!upload)
    return fail(
      'upload_missing',
      'The uploaded file is gone (it is deleted after a successful import, or after a week). Drop the file again.',
    );
  const payload: ImportPayload = {
    ...prev.data,
    ...(format ? { format } : {}),
    ...(mode ? { mode } : {}),
    ...(force !== undefined ? { force } : {}),
  };
  try {
    const next = await startJob({ kind: 'import', payload });
    revalidatePath('/datasets');
    return ok({ jobId: next.id });
  } catch (e) {
    if (isBusyError(e)) return fail('busy', 'Another import is writing to the database; try again when it finishes.');
    throw e;
  }
}
