/**
 * The export core, shared by the `export` job (lib/jobs/export-job.ts) and `sift export` / `make` /
 * `to-openai`: request → curation model → selectForExport (evaluateRecipe + assignSplits, what the
 * preview shows) → canonical rollouts streamed from the DB in batches → the lib/export writer →
 * manifest.json beside the files.
 *
 * Invariants:
 * - Memory stays flat in the rollouts: bodies are read 2,000 at a time (one-line-per-rollout formats:
 *   1,000 per batch; pairs: 500 pairs at a time).
 * - Nothing incomplete looks complete: writers publish files only after all of them finished (and
 *   remove their .partial files on any error); if the manifest then cannot be written, the
 *   published files are removed again, so a folder with data files always has its manifest.
 * - Same request + same data = same bytes (writers are deterministic, splits are seeded), which is
 *   what a re-run from the manifest checks with sha256.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { resolveRecipe } from '../curation';
import { loadCurateModel } from '../db/curation-tokens';
import { getDb } from '../db/client';
import { countRollouts, getDataset } from '../db/datasets';
import { loadRolloutsById, MissingRolloutError, streamRollouts } from '../db/rollout-stream';
import { getLatestTokenAnalysis, type StoredTokenAnalysis } from '../db/token-analyses';
import { getEnv } from '../env';
import { AppError } from '../errors';
import {
  buildManifest,
  lineEncoders,
  pairWriters,
  writeEncodedBatches,
  type EncodedBatch,
  rolloutWriters,
  writeManifest,
  type AnyExportOptions,
  type ExportResult,
  type Manifest,
  type PairItem,
  type RolloutItem,
} from '../export';
import { describeSplit, heldOutDefault, type ExportRequest } from '../export/request';
import { selectForExport, type ExportPreview, type ExportSelection } from '../export/select';
import { EXPORT_SHAPES, normalizeShape, shapeKey } from '../token-report/shape';
import { encodeOnThisThread, type LineFormat } from './encode-stored';
import { EncodeWorkers, encodeWorkerCount, PARALLEL_MIN_ROLLOUTS } from './export-workers';

export interface ExportProgress {
  fraction: number;
  message: string;
  records: number;
  total: number;
}

export interface RunExportArgs {
  request: ExportRequest;
  /** Destination folder (created when missing). */
  dir: string;
  /** Default true; the tau2-compatible aliases write tau2's layout only. */
  manifest?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** Fixed manifest time (tests). */
  createdAt?: string;
}

export interface RunExportOutcome {
  dir: string;
  result: ExportResult;
  manifest: Manifest;
  manifestPath: string | null;
  preview: ExportPreview;
  /** Worker threads the rollouts were encoded on; 0 = the writer ran on this thread alone. */
  workers: number;
}

// Rollouts per DB query: ~2k keeps the IN-list fast while a batch stays a few MB.
const BATCH = 2000;
const PAIR_BATCH = 500;

let version: string | undefined;
export function siftVersion(): string {
  if (version) return version;
  try {
    version = String(
      (JSON.parse(fs.readFileSync(path.join(getEnv().root, 'package.json'), 'utf8')) as { version?: unknown })
        .version ?? '0.0.0',
    );
  } catch {
    version = '0.0.0';
  }
  return version;
}

const datasetChanged = () =>
  new AppError('dataset_changed', 'Rollouts of this dataset were deleted while exporting; run the export again.');

/** Rollout ids of the selected rows, in export order. */
function selectedIds(sel: ExportSelection, rowIds: Int32Array): Int32Array {
  const ids = new Int32Array(sel.rows.length);
  for (let k = 0; k < ids.length; k++) ids[k] = rowIds[sel.rows[k]];
  return ids;
}

/** {rollout, split} for the selected rows, bodies read in batches. */
async function* rolloutItems(sel: ExportSelection, rowIds: Int32Array): AsyncGenerator<RolloutItem> {
  let k = 0;
  try {
    for await (const rollout of streamRollouts({ ids: selectedIds(sel, rowIds), batchSize: BATCH, missing: 'throw' })) {
      yield { rollout, split: sel.splitNames[sel.itemSplit[k]] };
      k++;
    }
  } catch (e) {
    throw e instanceof MissingRolloutError ? datasetChanged() : e;
  }
}

async function* pairItems(sel: ExportSelection, rowIds: Int32Array): AsyncGenerator<PairItem> {
  const pairs = sel.pairs!;
  for (let start = 0; start < pairs.chosen.length; start += PAIR_BATCH) {
    const end = Math.min(start + PAIR_BATCH, pairs.chosen.length);
    const wanted = new Set<number>();
    for (let p = start; p < end; p++) {
      wanted.add(rowIds[pairs.chosen[p]]);
      wanted.add(rowIds[pairs.rejected[p]]);
    }
    const byId = loadRolloutsById({ ids: [...wanted] });
    if (byId.size !== wanted.size) throw datasetChanged();
    for (let p = start; p < end; p++) {
      yield {
        chosen: byId.get(rowIds[pairs.chosen[p]])!,
        rejected: byId.get(rowIds[pairs.rejected[p]])!,
        gap: pairs.gaps[p],
        split: sel.splitNames[sel.itemSplit[p]],
      };
    }
  }
}

/**
 * Worker threads for a line-format export of a dataset large enough to need them, started before
 * the selection so that they load while the curation model does; null when the export will not
 * use them.
 */
async function prestartWorkers(request: ExportRequest): Promise<EncodeWorkers | null> {
  const workers = getEnv().exportWorkers ?? encodeWorkerCount();
  if (!(request.format in lineEncoders) || workers < 2) return null;
  if ((await countRollouts({ datasetId: request.datasetId })) < PARALLEL_MIN_ROLLOUTS) return null;
  return EncodeWorkers.start(
    { dbPath: getDb().path, format: request.format as LineFormat, options: writerOptions(request) },
    workers,
  );
}

/**
 * An export in a one-line-per-rollout format, as encoded batches (encode-stored.ts): on the
 * started worker threads when it is large, else on this thread. Both write the same bytes. Null
 * for the other formats, which have their own writers.
 */
function lineExport(
  request: ExportRequest,
  sel: ExportSelection,
  rowIds: Int32Array,
  pool: EncodeWorkers | null,
): { batches: AsyncGenerator<EncodedBatch>; workers: number } | null {
  if (sel.kind === 'preference' || !(request.format in lineEncoders)) return null;
  const format = request.format as LineFormat;
  const source = {
    ids: selectedIds(sel, rowIds),
    splitOf: (k: number) => sel.splitNames[sel.itemSplit[k]],
    labels: sel.labels,
  };
  const parallel = pool !== null && sel.rows.length >= PARALLEL_MIN_ROLLOUTS;
  if (!parallel) void pool?.close();
  const batches = parallel
    ? pool.encode(source)
    : encodeOnThisThread(getDb().raw, source, format, writerOptions(request));
  async function* mapped() {
    try {
      yield* batches;
    } catch (e) {
      throw e instanceof MissingRolloutError ? datasetChanged() : e;
    }
  }
  return { batches: mapped(), workers: parallel ? pool.size : 0 };
}

/** The conversations this export writes, as an analysis shape key (null: none per rollout). */
function exportShapeKey(request: ExportRequest): string | null {
  if (EXPORT_SHAPES[request.format] === null || request.options.mode === 'single-turn') return null;
  const { systemPrompt, userTools, reasoning, endOn } = request.options;
  return shapeKey(normalizeShape({ format: request.format, systemPrompt, userTools, reasoning, endOn }));
}

/** What the manifest says about the token analysis this export was checked against. */
function tokenAnalysisRecord(request: ExportRequest, analysis: StoredTokenAnalysis) {
  const r = analysis.result;
  const exportShape = exportShapeKey(request);
  return {
    jobId: analysis.jobId,
    tokenizer: r.tokenizer,
    templateHash: r.templateHash,
    shape: r.shapeKey,
    exportShape,
    removeSystemMessages: r.options.removeSystemMessages,
    matchesExport: exportShape === r.shapeKey && !r.options.removeSystemMessages,
    recommendedMaxLength: r.recommendedMaxLength,
  };
}

function writerOptions(request: ExportRequest): AnyExportOptions {
  const { ktoLabel: _ktoLabel, ...rest } = request.options;
  return rest;
}

/**
 * Expected failures are AppErrors: dataset_not_found, nothing_selected, dataset_changed (rollouts
 * deleted meanwhile) and canceled. Anything else (a full disk, a bug) is thrown as it came.
 */
export async function runExport(args: RunExportArgs): Promise<RunExportOutcome> {
  const { request } = args;
  const dataset = await getDataset({ id: request.datasetId });
  if (!dataset) throw new AppError('dataset_not_found', `Dataset ${request.datasetId} does not exist (deleted?).`);
  const pool = await prestartWorkers(request);
  try {
    return await exportSelection(args, dataset, pool);
  } finally {
    await pool?.close();
  }
}

async function exportSelection(
  args: RunExportArgs,
  dataset: { id: number; name: string },
  pool: EncodeWorkers | null,
): Promise<RunExportOutcome> {
  const { request } = args;
  const { model, rowIds } = await loadCurateModel({ datasetId: request.datasetId });
  const sel = selectForExport(model, request);
  const total = sel.preview.items;
  if (total === 0)
    throw new AppError(
      'nothing_selected',
      'The recipe selects nothing in this dataset, so there is nothing to export.',
    );

  const report = (records: number, message: string) =>
    args.onProgress?.({ fraction: total ? Math.min(records / total, 1) : 1, message, records, total });
  report(0, `Exporting ${total.toLocaleString('en-US')} ${sel.kind === 'preference' ? 'pairs' : 'rollouts'}…`);

  const createdDir = !fs.existsSync(args.dir);
  await fsp.mkdir(args.dir, { recursive: true });
  const options = {
    ...writerOptions(request),
    // verl's data_source for rollouts whose importer recorded no source of their own.
    fallbackDataSource: dataset.name,
    signal: args.signal,
    progressEvery: 200,
    onProgress: (n: number) => report(n, `Written ${n.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`),
  };
  const lines = lineExport(request, sel, rowIds, pool);
  let result: ExportResult;
  try {
    if (lines) result = await writeEncodedBatches({ items: lines.batches, dir: args.dir, options });
    else if (sel.kind === 'preference')
      result = await pairWriters[request.format as keyof typeof pairWriters]({
        items: pairItems(sel, rowIds),
        dir: args.dir,
        options,
      });
    else
      result = await rolloutWriters[request.format as keyof typeof rolloutWriters]({
        items: rolloutItems(sel, rowIds),
        dir: args.dir,
        options,
      });
  } catch (e) {
    if (createdDir) await fsp.rmdir(args.dir).catch(() => undefined); // only when the failed export left it empty
    if (args.signal?.aborted) throw new AppError('canceled', 'Canceled; no file was kept.');
    throw e;
  }

  const resolved = resolveRecipe({ ...request.recipe, split: undefined });
  const analysis = await getLatestTokenAnalysis({ datasetId: request.datasetId }).catch(() => null);
  const manifest = buildManifest(
    {
      siftVersion: siftVersion(),
      createdAt: args.createdAt,
      dataset: { id: String(dataset.id), name: dataset.name },
      format: request.format,
      recipe: request.recipe,
      filters:
        sel.kind === 'preference'
          ? { dpo: resolved.dpo }
          : sel.kind === 'kto'
            ? { sft: resolved.sft, ktoLabel: request.options.ktoLabel ?? 'recipe' }
            : { sft: resolved.sft },
      seed: request.split.seed,
      split: {
        rule: describeSplit(request.format, request.split),
        by: request.split.by,
        ratio: request.split.ratio,
        heldOut: request.split.heldOut ?? heldOutDefault(request.format),
        seed: request.split.seed,
        stratify: request.split.stratify,
      },
      ...(analysis
        ? {
            tokenizer: { id: analysis.result.tokenizer, templateHash: analysis.result.templateHash },
            tokenAnalysis: tokenAnalysisRecord(request, analysis),
          }
        : {}),
      options: request.options,
    },
    result,
  );
  let manifestPath: string | null = null;
  if (args.manifest !== false) {
    try {
      manifestPath = await writeManifest(args.dir, manifest);
    } catch (e) {
      // Without its manifest the export is not complete: take the data files back.
      for (const f of result.files) await fsp.rm(f.path, { force: true }).catch(() => undefined);
      if (createdDir) await fsp.rmdir(args.dir).catch(() => undefined);
      throw e;
    }
  }
  report(total, 'Done');
  return { dir: args.dir, result, manifest, manifestPath, preview: sel.preview, workers: lines?.workers ?? 0 };
}
