/**
 * What a token analysis (a `tokens` job) yields in aggregate, stored as its Job.result: read by
 * lib/db/token-analyses.ts, written by lib/jobs/tokens.ts, shown by the token pages and the CLI.
 */
import type { ErrorCode } from '../errors';
import type { Summary } from './summary';
import type { TruncationStep } from './truncation';

export type TokenMask = 'all' | 'last';

/** What the user chose (the custom template's text stays in the job payload, not here). */
export interface TokenAnalysisOptions {
  /** 'qwen3' | 'llama3' | a tokenizer folder. */
  tokenizer: string;
  /** File name of the uploaded custom chat template, when one was given. */
  chatTemplateName?: string;
  /** Seeded sample size; undefined = every rollout. */
  numSamples?: number;
  seed: number;
  removeSystemMessages: boolean;
  numSteps: number;
  /** Allowed share of trained (assistant) tokens lost, e.g. 0.01. */
  lossBudget: number;
  mask: TokenMask;
  /** max_length to evaluate zero-trained examples at; undefined = the recommended one. */
  maxLength?: number;
}

/** Equal-width bins over [start, end): prepared for the charts (which decide nothing). */
export interface TokenHistogram {
  binWidth: number;
  bins: { start: number; end: number; count: number }[];
}

export type TokenQuantity = 'total' | 'system' | 'assistant' | 'conversation';

/** Job.result of a finished `tokens` job: aggregates only (per-rollout stats are in TokenCount). */
export interface TokenAnalysisResult {
  version: 1;
  datasetId: number;
  datasetName: string;
  options: TokenAnalysisOptions;
  /** Tokenizer id as described (bundled id or absolute folder). */
  tokenizer: string;
  /** id@fingerprint: what getTokenTotals() takes. */
  tokenizerKey: string;
  templateHash: string;
  isCustomTemplate: boolean;
  /** Rollouts in the dataset, and analysed successfully. */
  datasetRollouts: number;
  rollouts: number;
  cached: number;
  failed: number;
  /** The first few per-rollout failures. */
  errors: { rolloutId: number; code: string; message: string }[];
  /** Template-level warnings, e.g. "template ignores tools". */
  warnings: string[];
  /** Sum of rendered tokens over the analysed rollouts. */
  totalTokens: number;
  trainedTokens: { all: number; last: number };
  stats: Record<TokenQuantity, Summary>;
  histograms: Record<TokenQuantity, TokenHistogram>;
  truncation: TruncationStep[];
  recommendedMaxLength: number;
  zeroTrained: { maxLength: number; mask: TokenMask; count: number; ids: number[]; idsCapped: boolean };
  durationMs: number;
}

/** The payload error of a failed `tokens` job (Job.result), so the UI can branch on `code`. */
export interface TokenAnalysisFailure {
  kind: 'error';
  code: ErrorCode;
  message: string;
  file?: string;
  line?: number;
}

export function isTokenAnalysisResult(v: unknown): v is TokenAnalysisResult {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { version?: unknown }).version === 1 &&
    typeof (v as { templateHash?: unknown }).templateHash === 'string'
  );
}
