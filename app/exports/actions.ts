'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { Actor } from '@/lib/auth/actor';
import { authorize } from '@/lib/auth/session';
import { fail, ok, parseInput, toActionResult, type ActionResult } from '@/lib/action-result';
import { getDataset } from '@/lib/db/datasets';
import { getExport } from '@/lib/db/exports';
import { getRecipe } from '@/lib/db/recipes';
import { EXPORT_FORMAT_IDS, parseManifest } from '@/lib/export';
import { parseRecipe, type Recipe } from '@/lib/curation';
import { isBusyError } from '@/lib/jobs/busy';
import { isJobActive } from '@/lib/job-status';
import {
  exportOptionsSchema,
  exportRequestSchema,
  requestFromManifest,
  splitRuleSchema,
  type ExportRequest,
} from '@/lib/export/request';
import type { ExportPreview } from '@/lib/export/select';
import { cancelExport, previewExport, removeExport, startExport } from '@/lib/jobs/export-job';

const sourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recipe'), recipeId: z.number().int().positive() }),
  z.object({ kind: z.literal('quick'), minReward: z.number().finite().nullable(), successOnly: z.boolean() }),
  // An unsaved recipe handed over by the curate page (?recipe=<JSON>).
  z.object({ kind: z.literal('inline'), recipe: z.unknown() }),
]);

const formSchema = z.object({
  datasetId: z.number().int().positive(),
  format: z.enum(EXPORT_FORMAT_IDS),
  source: sourceSchema,
  split: splitRuleSchema,
  name: z.string().trim().max(200).optional(),
  options: exportOptionsSchema.optional(),
});

export type ExportFormInput = z.input<typeof formSchema>;

type Resolved = { ok: true; request: ExportRequest; datasetName: string } | { ok: false; result: ActionResult<never> };

/** Form input → the export request (the recipe read from the Recipe table, or built from the quick filters). */
async function resolveRequest(input: unknown): Promise<Resolved> {
  const parsed = parseInput(formSchema, input);
  if (!parsed.ok) return parsed;
  const f = parsed.data;
  const dataset = await getDataset({ id: f.datasetId });
  if (!dataset)
    return { ok: false, result: fail('dataset_not_found', `Dataset ${f.datasetId} does not exist (deleted?).`) };
  let recipe: Recipe;
  if (f.source.kind === 'recipe') {
    const r = await getRecipe({ id: f.source.recipeId });
    if (!r) return { ok: false, result: fail('recipe_not_found', `Recipe ${f.source.recipeId} no longer exists.`) };
    recipe = r.body;
  } else if (f.source.kind === 'inline') {
    const r = parseRecipe(f.source.recipe);
    if (!r.ok)
      return {
        ok: false,
        result: fail('invalid_recipe', `The recipe is invalid: ${r.issues[0].path}: ${r.issues[0].message}`),
      };
    recipe = r.recipe;
  } else {
    recipe = { version: 1, sft: { minReward: f.source.minReward, successOnly: f.source.successOnly } };
  }
  const request = exportRequestSchema.safeParse({
    version: 1,
    datasetId: f.datasetId,
    format: f.format,
    recipe,
    split: f.split,
    name: f.name || `${dataset.name}-${f.format}`,
    options: f.options ?? {},
  });
  if (!request.success)
    return { ok: false, result: fail('validation', request.error.issues[0]?.message ?? 'invalid request') };
  return { ok: true, request: request.data, datasetName: dataset.name };
}

/** The counts the export will write (evaluateRecipe + splits on the dataset's curation model). */
export async function previewExportAction(input: ExportFormInput): Promise<ActionResult<ExportPreview>> {
  const auth = await authorize('viewer');
  if (!auth.ok) return auth.result;
  const r = await resolveRequest(input);
  if (!r.ok) return r.result;
  return ok(await previewExport(r.request, r.datasetName));
}

async function start(
  request: ExportRequest,
  actor: Actor,
): Promise<ActionResult<{ exportId: number; jobId: string; name: string }>> {
  try {
    const started = await startExport(request, { createdById: actor.id });
    revalidatePath('/exports');
    return ok({ exportId: started.export.id, jobId: started.jobId, name: started.export.name });
  } catch (e) {
    if (isBusyError(e)) return fail('busy', 'The database is busy (an import is writing); try again in a moment.');
    return toActionResult(e);
  }
}

/** Validates the form and starts an export job (the Export row starts as queued). */
export async function startExportAction(
  input: ExportFormInput,
): Promise<ActionResult<{ exportId: number; jobId: string; name: string }>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const r = await resolveRequest(input);
  if (!r.ok) return r.result;
  return start(r.request, auth.actor);
}

const idSchema = z.object({ id: z.number().int().positive() });
const rerunSchema = idSchema.extend({
  from: z.enum(['request', 'manifest']).default('request'),
  name: z.string().trim().min(1).max(200).optional(),
});

/**
 * Runs an export again under a new name, from its stored request or from its manifest. Same data
 * and same request give the same bytes (the manifest's sha256 lets anyone check).
 */
export async function rerunExportAction(
  input: z.input<typeof rerunSchema>,
): Promise<ActionResult<{ exportId: number; jobId: string; name: string }>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const parsed = parseInput(rerunSchema, input);
  if (!parsed.ok) return parsed.result;
  const { id, from } = parsed.data;
  const row = await getExport({ id });
  if (!row) return fail('export_not_found', `No export ${id}.`);
  const name = parsed.data.name ?? `${row.name}-rerun`;
  let request: ExportRequest;
  try {
    if (from === 'manifest') {
      if (!row.manifest)
        return fail('no_manifest', 'This export has no manifest (it did not finish); re-run it from its request.');
      request = requestFromManifest(parseManifest(JSON.stringify(row.manifest)), name);
    } else {
      request = exportRequestSchema.parse({ ...(row.request as object), name });
    }
  } catch {
    return fail('stored_request_invalid', 'This export cannot be run again: its stored request is unreadable.');
  }
  if (!(await getDataset({ id: request.datasetId })))
    return fail('dataset_not_found', 'The dataset of this export was deleted.');
  return start(request, auth.actor);
}

export async function cancelExportAction(input: z.input<typeof idSchema>): Promise<ActionResult<null>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const parsed = parseInput(idSchema, input);
  if (!parsed.ok) return parsed.result;
  const row = await getExport({ id: parsed.data.id });
  if (!row) return fail('export_not_found', `No export ${parsed.data.id}.`);
  if (!isJobActive(row.status)) return fail('not_running', 'This export is not running.');
  cancelExport(row);
  return ok(null);
}

/** Deletes the export and its folder. A running export is canceled first. */
export async function deleteExportAction(input: z.input<typeof idSchema>): Promise<ActionResult<null>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const parsed = parseInput(idSchema, input);
  if (!parsed.ok) return parsed.result;
  const row = await getExport({ id: parsed.data.id });
  if (!row) return fail('export_not_found', `No export ${parsed.data.id}.`);
  if (isJobActive(row.status)) return fail('still_running', 'This export is still running; cancel it first.');
  await removeExport(row);
  revalidatePath('/exports');
  return ok(null);
}
