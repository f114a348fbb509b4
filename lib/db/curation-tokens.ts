/**
 * The curation model with its max_length hook filled: `tokens` holds each rollout's total tokens
 * from the dataset's latest token analysis (-1 where that analysis has no count): the tokens of the
 * conversation the analysed export format writes, with or without the system prompt as analysed. The curate page
 * and `sift curate` both load the model through here, so `maxTokens` means the same in both.
 */
import type { CurationModel } from '../curation';
import { loadCurationModel } from './curation-model';
import { getLatestTokenAnalysis } from './token-analyses';
import { getTokenTotals } from './token-cache';

export interface TokenSource {
  tokenizer: string;
  analysisJobId: string;
  /** Rollouts with a token count. */
  known: number;
}

export interface CurateModel {
  model: CurationModel;
  rowIds: Int32Array;
  tokens: TokenSource | null;
}

// The base model is cached per dataset; keep the filled copy while both base and analysis are current.
const filled = new WeakMap<CurationModel, { jobId: string; model: CurationModel; tokens: TokenSource }>();

export async function loadCurateModel({ datasetId }: { datasetId: number }): Promise<CurateModel> {
  const { model, rowIds } = loadCurationModel({ datasetId });
  const analysis = await getLatestTokenAnalysis({ datasetId });
  if (!analysis) return { model, rowIds, tokens: null };
  const hit = filled.get(model);
  if (hit && hit.jobId === analysis.jobId) return { model: hit.model, rowIds, tokens: hit.tokens };
  const { result } = analysis;
  const totals = getTokenTotals({
    datasetId,
    scope: result.cacheScope,
    removeSystemMessages: result.options.removeSystemMessages,
  });
  if (totals.size === 0) return { model, rowIds, tokens: null };
  const col = new Int32Array(model.n).fill(-1);
  let known = 0;
  for (let i = 0; i < rowIds.length; i++) {
    const t = totals.get(rowIds[i]);
    if (t !== undefined) {
      col[i] = t;
      known++;
    }
  }
  const tokens = { tokenizer: result.tokenizer, analysisJobId: analysis.jobId, known };
  const withTokens: CurationModel = { ...model, tokens: col };
  filled.set(model, { jobId: analysis.jobId, model: withTokens, tokens });
  return { model: withTokens, rowIds, tokens };
}
