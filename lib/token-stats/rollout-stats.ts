/**
 * One rollout's token analysis (lib/tokenize/analyze.ts computes it): plain JSON, so it crosses
 * worker threads and is stored as is in the TokenCount cache (lib/db/token-cache.ts).
 */

/** [start, end) token positions. */
export type TokenSpan = [number, number];

export interface RolloutTokenStats {
  total: number;
  /** Tokens before the first non-system turn: template preamble, system prompt, tool definitions. */
  system: number;
  /** Tokens of assistant turns, headers included (simulated-user assistant turns too). */
  assistant: number;
  /** total - system. */
  conversation: number;
  /** Tokens of each message's turn, indexed like the rollout's messages (0 when removed). */
  perMessage: number[];
  /** Trained tokens under "all assistant turns" masking. */
  trainedAll: number;
  /** Trained tokens under "last assistant turn only" masking. */
  trainedLast: number;
  /** Trained token spans (all-turns mask), ascending. */
  spans: TokenSpan[];
  /** The last trainable assistant turn's span, or null when there is none. */
  lastSpan: TokenSpan | null;
  /** False when offsets came from the approximate (non-byte-level) path. */
  exact: boolean;
  warnings?: string[];
}
