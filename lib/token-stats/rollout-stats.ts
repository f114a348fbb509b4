/**
 * One rollout's token analysis (lib/tokenize/analyze.ts computes it): small plain objects, so they
 * cross worker threads, and are stored in the TokenCount cache as cache-key.ts's encodeStats text.
 */

/** [start, end) token positions. */
export type TokenSpan = [number, number];

export interface RolloutTokenStats {
  total: number;
  /** Tokens before the first non-system turn: template preamble, system prompt, tool definitions. */
  system: number;
  /** `system` when the system messages are removed; -1 when that cannot be derived (see analyze.ts). */
  systemNoSys: number;
  /** Tokens of assistant turns, headers included (simulated-user assistant turns too). */
  assistant: number;
  /** First token of the completion (after the prompt messages); -1 when there is no completion. */
  completionStart: number;
  /** Trained token spans (every trainable assistant turn: output + end-of-turn token), ascending. */
  spans: TokenSpan[];
  /** False when offsets came from the approximate (non-byte-level) path. */
  exact: boolean;
  warnings?: string[];
}
