'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authorize } from '@/lib/auth/session';
import { fail, ok, parseInput, toActionResult, type ActionResult } from '@/lib/action-result';
import { countRollouts, getDataset } from '@/lib/db/datasets';
import { getJob } from '@/lib/db/jobs';
import { isJobActive } from '@/lib/job-status';
import { isBusyError } from '@/lib/jobs/busy';
import { requestCancel } from '@/lib/jobs/progress';
import { startTokensJob } from '@/lib/jobs/token-server';
import { getTokenView, type TokenViewResponse } from '@/lib/jobs/token-view';
import { shapeSchema, type TokensPayload } from '@/lib/jobs/tokens-payload';
import { describeTokenizer } from '@/lib/tokenize/registry';

const startSchema = z.object({
  datasetId: z.number().int().positive(),
  tokenizer: z.string().trim().min(1, 'choose a tokenizer or give a folder path').max(4096),
  chatTemplate: z
    .string()
    .max(512 * 1024, 'the chat template is larger than 512 KB')
    .optional(),
  chatTemplateName: z.string().max(300).optional(),
  /** The export whose conversations are counted (default openai-chat with its default options). */
  shape: shapeSchema.partial().optional(),
  numSamples: z.number().int().min(1, 'at least 1').max(10_000_000).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(0),
  removeSystemMessages: z.boolean().default(false),
  numSteps: z.number().int().min(2, 'at least 2 steps').max(200, 'at most 200 steps').default(20),
  lossBudget: z.number().min(0, 'between 0 and 1').max(1, 'between 0 and 1').default(0.01),
  mask: z.enum(['all', 'last', 'completion']).default('all'),
  maxLength: z.number().int().min(1).max(10_000_000).optional(),
});

/**
 * Starts a token analysis job. The tokenizer folder, its files and the template source are checked
 * here (cheap, no tokenizer load) so that the common mistakes answer at once; template syntax and
 * render errors need the tokenizer and come back as the job's failure.
 */
export async function startTokenAnalysisAction(
  input: z.input<typeof startSchema>,
): Promise<ActionResult<{ jobId: string; datasetId: number }>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const parsed = parseInput(startSchema, input);
  if (!parsed.ok) return parsed.result;
  const p = parsed.data;
  const dataset = await getDataset({ id: p.datasetId });
  if (!dataset) return fail('dataset_not_found', `Dataset ${p.datasetId} no longer exists.`);
  const chatTemplate = p.chatTemplate?.trim() ? p.chatTemplate : undefined;
  try {
    await describeTokenizer(p.tokenizer, { chatTemplate });
  } catch (e) {
    return toActionResult(e, { field: 'tokenizer' });
  }
  const payload: TokensPayload = {
    ...p,
    shape: shapeSchema.parse(p.shape ?? {}),
    datasetName: dataset.name,
    chatTemplate,
    chatTemplateName: chatTemplate ? p.chatTemplateName : undefined,
  };
  try {
    const job = await startTokensJob(payload, await countRollouts({ datasetId: dataset.id }), {
      createdById: auth.actor.id,
    });
    revalidatePath(`/datasets/${dataset.id}/tokens`);
    revalidatePath('/tokens');
    return ok({ jobId: job.id, datasetId: dataset.id });
  } catch (e) {
    if (isBusyError(e)) return fail('busy', 'An import is writing to the database; try again when it finishes.');
    return toActionResult(e);
  }
}

const jobIdSchema = z.object({ jobId: z.uuid() });

/** Asks a running analysis to stop; batches already finished stay cached. */
export async function cancelTokenAnalysisAction(
  input: z.input<typeof jobIdSchema>,
): Promise<ActionResult<{ jobId: string }>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const parsed = parseInput(jobIdSchema, input);
  if (!parsed.ok) return parsed.result;
  const job = await getJob({ id: parsed.data.jobId });
  if (!job || job.kind !== 'tokens') return fail('analysis_not_found', 'No such token analysis.');
  if (!isJobActive(job.status)) return fail('not_running', `The analysis is already ${job.status}.`);
  requestCancel(job.id);
  return ok({ jobId: job.id });
}

const viewSchema = z.object({
  rolloutId: z.number().int().positive(),
  analysisJobId: z.uuid().optional(),
  tokenizer: z.enum(['qwen3', 'llama3']).optional(),
  mask: z.enum(['all', 'last', 'completion']).optional(),
  maxLength: z.number().int().min(1).max(10_000_000).optional(),
});

/** The rendered chat template of one rollout with its trained spans (the viewer's Tokens tab). */
export async function renderTokenViewAction(
  input: z.input<typeof viewSchema>,
): Promise<ActionResult<TokenViewResponse>> {
  const auth = await authorize('viewer');
  if (!auth.ok) return auth.result;
  const parsed = parseInput(viewSchema, input);
  if (!parsed.ok) return parsed.result;
  try {
    return ok(await getTokenView(parsed.data));
  } catch (e) {
    return toActionResult(e);
  }
}
