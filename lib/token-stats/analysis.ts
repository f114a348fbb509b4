/**
 * What a token analysis (a `tokens` job) yields in aggregate, stored as its Job.result: read by
 * lib/db/token-analyses.ts, written by lib/jobs/tokens.ts, shown by the token pages and the CLI.
 * The figures themselves are lib/token-report's (computed from the analysis' columns).
 */
import type { ErrorCode } from '../errors';
import type { Summary, TokenHistogram, TokenQuantity, TrainMask, TruncationStep } from '../token-report';
import type { ShapeSpec } from '../token-report/shape';

export type { TokenHistogram, TokenQuantity };
export type TokenMask = TrainMask;

/** What the user chose (the custom template's text stays in the job payload, not here). */
export interface TokenAnalysisOptions {
  /** 'qwen3' | 'llama3' | a tokenizer folder. */
  tokenizer: string;
  /** File name of the uploaded custom chat template, when one was given. */
  chatTemplateName?: string;
  /** The export whose conversations were measured (format + the options that shape them). */
  shape: Required<ShapeSpec>;
  /** Seeded sample size; undefined = every rollout. */
  numSamples?: number;
  seed: number;
  /** The figures below are without the system prompt (both are computed; the page can switch). */
  removeSystemMessages: boolean;
  numSteps: number;
  /** Allowed share of trained tokens lost, e.g. 0.01. */
  lossBudget: number;
  mask: TokenMask;
  /** max_length to evaluate zero-trained examples at; undefined = the recommended one. */
  maxLength?: number;
}

/**
 * Job.result of a finished `tokens` job: aggregates at the chosen options (per-rollout results are
 * in TokenCount, and the analysis' columns in a file beside the database, see lib/jobs/token-columns.ts).
 */
export interface TokenAnalysisResult {
  version: 2;
  datasetId: number;
  datasetName: string;
  options: TokenAnalysisOptions;
  /** Tokenizer id as described (bundled id or absolute folder). */
  tokenizer: string;
  /** id@fingerprint. */
  tokenizerKey: string;
  templateHash: string;
  isCustomTemplate: boolean;
  /** export-shape shapeKey() and its description: which conversations were counted. */
  shapeKey: string;
  shapeDescription: string;
  /** TokenCount scope of the per-rollout results (what getTokenTotals() takes). */
  cacheScope: { tokenizerId: string; templateHash: string };
  /** Rollouts in the dataset, and analysed successfully. */
  datasetRollouts: number;
  rollouts: number;
  /** Rollouts the export leaves out (no assistant turn…), not counted. */
  skipped: number;
  cached: number;
  failed: number;
  /** The first few per-rollout failures. */
  errors: { rolloutId: number; code: string; message: string }[];
  /** Template-level warnings, e.g. "template ignores tools". */
  warnings: string[];
  /** Rollouts whose counts without the system prompt are unknown (the switch leaves them as rendered). */
  noSysUnknown: number;
  /** Sum of rendered tokens over the analysed rollouts. */
  totalTokens: number;
  trainedTokens: Record<TrainMask, number>;
  stats: Record<TokenQuantity, Summary>;
  histograms: Record<TokenQuantity, TokenHistogram>;
  truncation: TruncationStep[];
  recommendedMaxLength: number;
  zeroTrained: { maxLength: number; mask: TokenMask; count: number; ids: number[]; idsCapped: boolean };
  /** The columns file of this analysis (relative to the data folder), when it was written. */
  columnsFile?: string;
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
    (v as { version?: unknown }).version === 2 &&
    typeof (v as { templateHash?: unknown }).templateHash === 'string'
  );
}
