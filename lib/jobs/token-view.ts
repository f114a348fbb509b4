/**
 * The conversation viewer's "Tokens" tab: one rollout rendered with a tokenizer + chat template,
 * cut into trained / untrained segments (lib/tokenize/render-view.ts). Server only: tokenizers are
 * never shipped to the browser. Defaults come from the dataset's latest analysis, so the tab shows
 * what that analysis counted: the conversation of the export format it measured (default
 * openai-chat: tau2's system prompt rebuilt, cut after the last assistant turn).
 */
import { getJob } from '../db/jobs';
import { AppError } from '../errors';
import { getRollout } from '../db/rollout-detail';
import { getLatestTokenAnalysis } from '../db/token-analyses';
import type { TrainMask } from '../token-report/masks';
import { describeShape, normalizeShape, type ShapeSpec } from '../token-report/shape';
import { isTokenAnalysisResult } from '../token-stats/analysis';
import { createAnalyzer, type Analyzer } from '../tokenize/analyze';
import { conversationFor } from '../tokenize/export-shape';
import { loadTokenizer } from '../tokenize/registry';
import { renderView, type RenderedView } from '../tokenize/render-view';
import { tokensPayloadSchema } from './tokens-payload';

export interface TokenViewRequest {
  rolloutId: number;
  /** Use this analysis's tokenizer, template and options (default: the dataset's latest). */
  analysisJobId?: string;
  /** Override the tokenizer ('qwen3' | 'llama3'); ignores the analysis's custom template. */
  tokenizer?: string;
  mask?: TrainMask;
  maxLength?: number;
}

export interface TokenViewResponse {
  view: RenderedView;
  tokenizer: string;
  isCustomTemplate: boolean;
  removeSystemMessages: boolean;
  maxLength: number | null;
  /** The analysis whose settings were used, if any. */
  analysisJobId: string | null;
  /** Which export's conversation is shown. */
  shape: string;
  trainedTokens: number;
  /** Trained tokens at or past the cut. */
  trainedLost: number;
}

// Analyzers probe the template once; keep a few per process (the server reuses them across requests).
const analyzers = new Map<string, Promise<Analyzer>>();

async function analyzerFor(tokenizer: string, chatTemplate: string | undefined): Promise<Analyzer> {
  const key = `${tokenizer}\0${chatTemplate ?? ''}`;
  let a = analyzers.get(key);
  if (!a) {
    a = loadTokenizer(tokenizer, { chatTemplate }).then(createAnalyzer);
    a.catch(() => analyzers.delete(key));
    if (analyzers.size >= 8) analyzers.delete(analyzers.keys().next().value!);
    analyzers.set(key, a);
  }
  return a;
}

/**
 * Throws TokenizeError (tokenizer/template problems), or AppError rollout_not_found /
 * analysis_not_found / not_exported (the export format leaves this rollout out).
 */
export async function getTokenView(req: TokenViewRequest): Promise<TokenViewResponse> {
  const rollout = await getRollout({ id: req.rolloutId });
  if (!rollout) throw new AppError('rollout_not_found', `Rollout ${req.rolloutId} does not exist`);

  let payload: ReturnType<typeof tokensPayloadSchema.parse> | null = null;
  let recommended: number | null = null;
  let analysisJobId: string | null = null;
  if (req.analysisJobId) {
    const job = await getJob({ id: req.analysisJobId });
    if (!job || job.kind !== 'tokens')
      throw new AppError('analysis_not_found', `No token analysis ${req.analysisJobId}`);
    payload = tokensPayloadSchema.parse(job.payload);
    recommended = isTokenAnalysisResult(job.result) ? job.result.recommendedMaxLength : null;
    analysisJobId = job.id;
  } else {
    const latest = await getLatestTokenAnalysis({ datasetId: rollout.datasetId });
    if (latest) {
      const job = await getJob({ id: latest.jobId });
      payload = job ? tokensPayloadSchema.parse(job.payload) : null;
      recommended = latest.result.recommendedMaxLength;
      analysisJobId = latest.jobId;
    }
  }
  const useAnalysis = payload && (!req.tokenizer || req.tokenizer === payload.tokenizer);
  const tokenizer = req.tokenizer ?? payload?.tokenizer ?? 'qwen3';
  const chatTemplate = useAnalysis ? payload?.chatTemplate : undefined;
  const removeSystemMessages = useAnalysis ? (payload?.removeSystemMessages ?? false) : false;
  const mask = req.mask ?? (useAnalysis ? payload?.mask : undefined) ?? 'all';
  const maxLength = req.maxLength ?? (useAnalysis ? (payload?.maxLength ?? recommended) : null) ?? null;

  const shape: ShapeSpec = normalizeShape(payload?.shape ?? { format: 'openai-chat' });
  const conversation = conversationFor(
    {
      messages: rollout.messages,
      tools: rollout.tools,
      meta: rollout.meta,
      promptLength: rollout.promptLength ?? undefined,
    },
    shape,
  );
  if (!conversation)
    throw new AppError(
      'not_exported',
      `The ${shape.format} export leaves this rollout out (it has no assistant turn to train on)`,
    );

  const analyzer = await analyzerFor(tokenizer, chatTemplate);
  const view = renderView(analyzer, conversation, { removeSystemMessages, mask, maxLength: maxLength ?? undefined });
  let trainedTokens = 0;
  let trainedLost = 0;
  for (const s of view.segments) {
    if (!s.trained) continue;
    trainedTokens += s.tokenEnd - s.tokenStart;
    if (maxLength !== null) trainedLost += Math.max(0, s.tokenEnd - Math.max(s.tokenStart, maxLength));
  }
  return {
    view,
    tokenizer,
    isCustomTemplate: Boolean(chatTemplate),
    removeSystemMessages,
    maxLength,
    analysisJobId: useAnalysis ? analysisJobId : null,
    shape: describeShape(shape),
    trainedTokens,
    trainedLost,
  };
}
