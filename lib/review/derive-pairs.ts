/**
 * Preference pairs from pair and group verdicts (rollout ids; the writers load the rollouts and
 * build the prompt/chosen/rejected as for any other pair).
 * - A pair verdict keeps the pair (chosen_better), swaps it (rejected_better), or drops it (tie,
 *   both_bad: nothing to prefer).
 * - A group ranking expands into every pair of rollouts in different tiers, the better tier chosen;
 *   ties make no pair. `maxTierGap: 1` keeps only neighbouring tiers (fewer, harder pairs).
 */
import type { PairVerdict, Ranking } from './types';

export interface PreferencePair {
  chosen: string;
  rejected: string;
  /** How many tiers apart the two were (1 for a pair verdict). */
  tierGap: number;
}

export function pairFromVerdict(
  item: { chosen: string; rejected: string },
  verdict: PairVerdict,
): PreferencePair | null {
  if (verdict === 'chosen_better') return { chosen: item.chosen, rejected: item.rejected, tierGap: 1 };
  if (verdict === 'rejected_better') return { chosen: item.rejected, rejected: item.chosen, tierGap: 1 };
  return null;
}

/** In ranking order: best tier's rollouts first, each against every worse tier, nearest tier first. */
export function pairsFromRanking(ranking: Ranking, opts: { maxTierGap?: number } = {}): PreferencePair[] {
  const maxGap = opts.maxTierGap ?? Infinity;
  const pairs: PreferencePair[] = [];
  for (let a = 0; a < ranking.length; a++)
    for (const chosen of ranking[a])
      for (let b = a + 1; b < ranking.length && b - a <= maxGap; b++)
        for (const rejected of ranking[b]) pairs.push({ chosen, rejected, tierGap: b - a });
  return pairs;
}
