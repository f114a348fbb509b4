/**
 * Exports as jobs: the Export row (queued → running → done | failed | canceled), the `export` job
 * handler that runs the core (export.ts) in its own process, and the reads the exports page needs.
 *
 * Folder names: the user's name is sanitised (lib/export/paths.ts) and made unique against both
 * the Export table and the folders already in data/exports, so an export never writes into a
 * folder it does not own, and no name can leave data/exports.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadCurateModel } from '../db/curation-tokens';
import { sampleRolloutMeta } from '../db/rollout-meta';
import {
  createExport,
  deleteExport,
  getExport,
  isExportNameTaken,
  isUniqueViolation,
  listExports,
  updateExport,
  type ExportRow,
} from '../db/exports';
import { getEnv } from '../env';
import { isJobActive } from '../job-status';
import { parseManifest, resolveExportDir, uniqueExportName, type Manifest } from '../export';
import { withBusyRetry } from './busy';
import { AppError, isAppError } from '../errors';
import { runExport } from './export';
import { exportRequestSchema, type ExportRequest } from '../export/request';
import { selectForExport, type ExportPreview } from '../export/select';
import { defaultDataSource, metaField } from '../export/verl-rows';
import { INTERRUPTED_MESSAGE } from './interrupt';
import { requestCancel } from './progress';
import type { JobContext, JobOutcome } from './types';
import { getJobView, startJob } from './spawn';

export const exportPayloadSchema = z.object({ exportId: z.number().int().positive() });

const VERL_FORMATS: readonly string[] = ['verl-sft-parquet', 'verl-sft-csv', 'verl-rl-parquet'];

/** Preview counts for a request: the same selection the export will write. */
export async function previewExport(
  request: Pick<ExportRequest, 'datasetId' | 'format' | 'recipe' | 'split' | 'options'>,
  datasetName = '',
): Promise<ExportPreview> {
  const { model } = await loadCurateModel({ datasetId: request.datasetId });
  const preview = selectForExport(model, request).preview;
  if (!VERL_FORMATS.includes(request.format)) return preview;
  return { ...preview, verl: await previewVerl(request, datasetName) };
}

/** What verl's data_source and ground_truth will be, from the dataset's first rollouts. */
async function previewVerl(request: Pick<ExportRequest, 'datasetId' | 'options'>, datasetName: string) {
  const metas = await sampleRolloutMeta({ datasetId: request.datasetId });
  const { dataSource, groundTruthField } = request.options;
  const dataSources = dataSource
    ? [dataSource]
    : [...new Set(metas.map((m) => defaultDataSource(m, datasetName)))].sort();
  return {
    dataSources,
    sampled: metas.length,
    groundTruthFound: groundTruthField ? metas.filter((m) => metaField(m, groundTruthField) !== null).length : null,
  };
}

/** Creates the queued Export row under a free, safe folder name. */
export async function createExportRecord(
  request: ExportRequest,
  { createdById = null }: { createdById?: string | null } = {},
): Promise<ExportRow> {
  const root = getEnv().exportsDir;
  for (let attempt = 0; ; attempt++) {
    const name = await uniqueExportName(
      request.name,
      async (n) => (await isExportNameTaken({ name: n })) || fs.existsSync(path.join(root, n)),
    );
    const dir = resolveExportDir(root, name);
    try {
      return await createExport({
        name,
        datasetId: request.datasetId,
        format: request.format,
        dir,
        request: { ...request, name },
        createdById,
      });
    } catch (e) {
      if (!isUniqueViolation(e) || attempt > 5) throw e; // another export took the name in between
    }
  }
}

/** Creates the Export row and starts its job, both recorded as `createdById`'s (null: the local owner). */
export async function startExport(
  request: ExportRequest,
  { createdById = null }: { createdById?: string | null } = {},
): Promise<{ export: ExportRow; jobId: string }> {
  const row = await createExportRecord(request, { createdById });
  const job = await startJob({ kind: 'export', payload: { exportId: row.id }, createdById });
  await updateExport({ id: row.id, jobId: job.id });
  return { export: { ...row, jobId: job.id }, jobId: job.id };
}

const busy = <T>(fn: () => Promise<T>) => withBusyRetry(fn);

export async function runExportJob(ctx: JobContext): Promise<JobOutcome> {
  const payload = exportPayloadSchema.safeParse(ctx.job.payload);
  if (!payload.success) return { status: 'failed', error: `bad export payload: ${payload.error.issues[0]?.message}` };
  const id = payload.data.exportId;
  const row = await getExport({ id });
  if (!row) return { status: 'failed', error: `export ${id} no longer exists` };
  const parsed = exportRequestSchema.safeParse(row.request);
  const finish = async (status: 'failed' | 'canceled', error: string): Promise<JobOutcome> => {
    await busy(() => updateExport({ id, status, error, finishedAt: new Date() }));
    return { status, error, result: { exportId: id } };
  };
  if (!parsed.success) return finish('failed', `the stored request is invalid: ${parsed.error.issues[0]?.message}`);
  // The folder is re-derived from the name: a tampered `dir` column cannot redirect the write.
  const dir = resolveExportDir(getEnv().exportsDir, row.name);
  await busy(() => updateExport({ id, status: 'running', jobId: ctx.job.id }));

  const abort = new AbortController();
  try {
    const out = await runExport({
      request: parsed.data,
      dir,
      signal: abort.signal,
      onProgress: (p) => {
        if (ctx.isCanceled()) abort.abort(new AppError('canceled', 'Canceled'));
        ctx.report({ fraction: p.fraction, message: p.message, records: p.records });
      },
    });
    await busy(() => updateExport({ id, status: 'done', manifest: out.manifest, error: null, finishedAt: new Date() }));
    return { status: 'done', result: { exportId: id, counts: out.manifest.counts } };
  } catch (e) {
    if (isAppError(e, 'canceled') && ctx.isInterrupted()) return finish('failed', INTERRUPTED_MESSAGE);
    if (isAppError(e)) return finish(e.code === 'canceled' ? 'canceled' : 'failed', e.message);
    const msg = (e as Error)?.message ?? String(e);
    const code = (e as { code?: string })?.code;
    const why =
      code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'the export folder is not writable'
          : msg;
    process.stderr.write(`export ${id}: ${(e as Error)?.stack ?? msg}\n`);
    return finish('failed', `Writing failed (${why}); no file was kept.`);
  }
}

export interface ExportView extends Omit<ExportRow, 'manifest' | 'createdAt' | 'finishedAt'> {
  manifest: Manifest | null;
  createdAt: string;
  finishedAt: string | null;
}

function toView(r: ExportRow): ExportView {
  let manifest: Manifest | null = null;
  try {
    manifest = r.manifest ? parseManifest(JSON.stringify(r.manifest)) : null;
  } catch {
    manifest = null;
  }
  return { ...r, manifest, createdAt: r.createdAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null };
}

/** Every export, newest first; an export whose job process died is marked failed. */
export async function listExportViews(): Promise<ExportView[]> {
  const rows = await listExports();
  for (const r of rows) {
    if (isJobActive(r.status) && r.jobId) {
      const job = await getJobView(r.jobId).catch(() => null);
      if (job && (job.status === 'failed' || job.status === 'canceled')) {
        const error = job.error ?? 'The export job stopped before finishing.';
        await updateExport({ id: r.id, status: job.status, error, finishedAt: new Date() }).catch(() => undefined);
        Object.assign(r, { status: job.status, error });
      }
    }
  }
  return rows.map(toView);
}

export async function getExportView({ id }: { id: number }): Promise<ExportView | null> {
  const r = await getExport({ id });
  return r ? toView(r) : null;
}

export function cancelExport(row: ExportRow): void {
  if (row.jobId) requestCancel(row.jobId);
}

/** Deletes the row and its folder (only ever a direct child of data/exports). */
export async function removeExport(row: ExportRow): Promise<void> {
  const dir = resolveExportDir(getEnv().exportsDir, row.name);
  await fsp.rm(dir, { recursive: true, force: true });
  await deleteExport({ id: row.id });
}
