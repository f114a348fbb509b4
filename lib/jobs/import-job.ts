/**
 * The `import` job: imports one uploaded file (see import-file.ts) and records the outcome.
 *
 * The job's "done" status commits in the import's own transaction (completeImportJobInTransaction),
 * so "rollouts stored" and "job done" can never disagree, even when a second import grabs the write
 * lock right after this one commits.
 *
 * Upload files: deleted after a successful import; kept after a failure, a cancel or an
 * "already imported" answer so the import can be run again (or forced) without uploading again.
 * The upload route sweeps uploads older than a week.
 */
import { z } from 'zod';
import { completeImportJobInTransaction } from '../db/imports';
import { deleteUpload } from './uploads';
import { importFile, ImportError, type ImportCounts, type ImportErrorCode } from './import-file';
import type { JobContext, JobOutcome } from './types';

export const importPayloadSchema = z.object({
  uploadPath: z.string().min(1),
  fileName: z.string().min(1),
  datasetName: z.string().min(1),
  datasetId: z.number().int().positive().optional(),
  format: z.string().min(1).optional(),
  mode: z.enum(['skip-bad', 'strict']).default('skip-bad'),
  force: z.boolean().optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

export type ImportPayload = z.infer<typeof importPayloadSchema>;

/** What a finished import job stores in Job.result. */
export type ImportJobResult =
  | {
      kind: 'imported';
      importId: number;
      datasetId: number;
      datasetName: string;
      fileName: string;
      format: string;
      reason: string;
      counts: ImportCounts;
    }
  | {
      kind: 'already-imported';
      fileName: string;
      previous: { importId: number; datasetId: number; datasetName: string; jobId: string | null; createdAt: string };
    }
  | ({ kind: 'error'; code: ImportErrorCode; fileName: string } & ImportError['details']);

export async function runImportJob(ctx: JobContext): Promise<JobOutcome> {
  const parsed = importPayloadSchema.safeParse(ctx.job.payload);
  if (!parsed.success) return { status: 'failed', error: `bad import payload: ${parsed.error.issues[0]?.message}` };
  const p = parsed.data;
  const jobId = ctx.job.id;
  let phase = '';
  try {
    const outcome = await importFile({
      path: p.uploadPath,
      fileName: p.fileName,
      datasetName: p.datasetName,
      datasetId: p.datasetId,
      format: p.format,
      mode: p.mode,
      force: p.force,
      sha256: p.sha256,
      jobId,
      createdById: ctx.job.createdById,
      isCanceled: ctx.isCanceled,
      onProgress: (x) => {
        // a new phase is written at once: the throttle must not leave a stale "waiting" showing
        const force = x.phase !== phase;
        phase = x.phase;
        ctx.report(
          {
            fraction: x.fraction,
            message: x.message,
            bytesDone: x.bytesDone,
            bytesTotal: x.bytesTotal,
            records: x.records,
            rollouts: x.rollouts,
            rate: x.rate,
            eta: x.eta,
          },
          force,
        );
      },
      beforeCommit: ({ counts, format, reason }) =>
        completeImportJobInTransaction({
          jobId,
          result: (ids): ImportJobResult => ({
            kind: 'imported',
            ...ids,
            datasetName: p.datasetName,
            fileName: p.fileName,
            format,
            reason,
            counts,
          }),
        }),
    });
    if (outcome.status === 'already-imported') {
      const result: ImportJobResult = { kind: 'already-imported', fileName: p.fileName, previous: outcome.previous };
      return { status: 'done', result };
    }
    await deleteUpload(p.uploadPath);
    return { status: 'done', recorded: true };
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    const result: ImportJobResult = { kind: 'error', code: e.code, fileName: p.fileName, ...e.details };
    return { status: e.code === 'canceled' ? 'canceled' : 'failed', error: e.message, result };
  }
}
