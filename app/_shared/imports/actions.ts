'use server';

/**
 * The import actions, shared by the datasets page (start an upload's import, cancel it) and the
 * import report at /imports/[id] (cancel, run again).
 */
import path from 'node:path';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authorize } from '@/lib/auth/session';
import { fail, ok, parseInput, toActionResult, type ActionResult } from '@/lib/action-result';
import { getDataset } from '@/lib/db/datasets';
import { findImportOfFile } from '@/lib/db/imports';
import { getJob } from '@/lib/db/jobs';
import { formatIds } from '@/lib/formats/registry';
import { isBusyError } from '@/lib/jobs/busy';
import { isJobActive } from '@/lib/job-status';
import { importPayloadSchema, type ImportPayload } from '@/lib/jobs/import-job';
import { requestCancel } from '@/lib/jobs/progress';
import { startJob } from '@/lib/jobs/spawn';
import { getUpload, isUploadId, uploadPath } from '@/lib/jobs/uploads';

export type StartImportResult =
  | { kind: 'started'; jobId: string }
  | {
      kind: 'already-imported';
      previous: { importId: number; datasetId: number; datasetName: string; jobId: string | null; createdAt: string };
    };

const startImportSchema = z.object({
  uploadId: z.string().refine(isUploadId, 'not an upload id'),
  datasetName: z.string().trim().min(1, 'give the dataset a name').max(200),
  datasetId: z.number().int().positive().optional(),
  format: z
    .string()
    .refine((id) => formatIds().includes(id), 'unknown format')
    .optional(),
  mode: z.enum(['skip-bad', 'strict']).default('skip-bad'),
  force: z.boolean().default(false),
});

/**
 * Starts the import of an uploaded file as a job. When the same file (sha256) already landed in the
 * target dataset and `force` is not set, nothing starts: the UI asks "import anyway?".
 */
export async function startImportAction(
  input: z.input<typeof startImportSchema>,
): Promise<ActionResult<StartImportResult>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const parsed = parseInput(startImportSchema, input);
  if (!parsed.ok) return parsed.result;
  const { uploadId, datasetId, format, mode, force } = parsed.data;
  let { datasetName } = parsed.data;
  const upload = await getUpload(uploadId);
  if (!upload)
    return fail(
      'upload_not_found',
      'The uploaded file is gone (imported already, or removed after a week). Drop it again.',
    );
  if (datasetId !== undefined) {
    const ds = await getDataset({ id: datasetId });
    if (!ds) return fail('dataset_not_found', `Dataset ${datasetId} no longer exists.`);
    datasetName = ds.name;
  }
  if (!force) {
    const prev = await findImportOfFile({ sha256: upload.sha256, datasetId, datasetName });
    if (prev) {
      return ok({
        kind: 'already-imported',
        previous: {
          importId: prev.id,
          datasetId: prev.datasetId,
          datasetName: prev.datasetName,
          jobId: prev.jobId,
          createdAt: prev.createdAt.toISOString(),
        },
      });
    }
  }
  const payload: ImportPayload = {
    uploadPath: uploadPath(uploadId),
    fileName: upload.fileName,
    datasetName,
    ...(datasetId !== undefined ? { datasetId } : {}),
    ...(format ? { format } : {}),
    mode,
    force,
    sha256: upload.sha256,
  };
  try {
    const job = await startJob({ kind: 'import', payload, createdById: auth.actor.id });
    revalidatePath('/datasets');
    return ok({ kind: 'started', jobId: job.id });
  } catch (e) {
    if (isBusyError(e))
      return fail('busy', 'Another import is writing to the database; this file will start when it finishes.');
    return toActionResult(e);
  }
}

const jobIdSchema = z.object({ jobId: z.uuid() });

/** Asks a running import to stop; it rolls back (nothing stored) at its next batch. */
export async function cancelImportAction(input: z.input<typeof jobIdSchema>): Promise<ActionResult<{ jobId: string }>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const parsed = parseInput(jobIdSchema, input);
  if (!parsed.ok) return parsed.result;
  requestCancel(parsed.data.jobId);
  return ok({ jobId: parsed.data.jobId });
}

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
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const parsed = parseInput(rerunSchema, input);
  if (!parsed.ok) return parsed.result;
  const { jobId, format, mode, force } = parsed.data;
  const job = await getJob({ id: jobId });
  if (!job || job.kind !== 'import') return fail('job_not_found', `No import job ${jobId}.`);
  if (isJobActive(job.status)) return fail('still_running', 'This import is still running.');
  const prev = importPayloadSchema.safeParse(job.payload);
  if (!prev.success) return fail('stored_request_invalid', 'This job cannot be run again (its request is unreadable).');
  const upload = await getUpload(path.basename(prev.data.uploadPath));
  if (!upload)
    return fail(
      'upload_not_found',
      'The uploaded file is gone (it is deleted after a successful import, or after a week). Drop the file again.',
    );
  const payload: ImportPayload = {
    ...prev.data,
    ...(format ? { format } : {}),
    ...(mode ? { mode } : {}),
    ...(force !== undefined ? { force } : {}),
  };
  try {
    const next = await startJob({ kind: 'import', payload, createdById: auth.actor.id });
    revalidatePath('/datasets');
    return ok({ jobId: next.id });
  } catch (e) {
    if (isBusyError(e)) return fail('busy', 'Another import is writing to the database; try again when it finishes.');
    return toActionResult(e);
  }
}
