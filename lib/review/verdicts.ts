/**
 * Verdict identity: two verdicts are the same decision when their keys are equal. Agreement and
 * consensus compare keys, so a group ranking written with its tied ids in another order is still
 * the same ranking.
 */
import { PAIR_VERDICTS, ROLLOUT_VERDICTS, type Ranking, type Verdict } from './types';

/** Tied ids sorted within each tier; tier order kept (it is the ranking). */
export function normalizeRanking(ranking: Ranking): Ranking {
  return ranking.map((tier) => [...tier].sort());
}

// Interned keys of the fixed verdicts: queue statistics key every review, so no string is built per call.
const FIXED_KEYS: Record<string, Record<string, string>> = {
  rollout: Object.fromEntries(ROLLOUT_VERDICTS.map((v) => [v, `rollout:${v}`])),
  pair: Object.fromEntries(PAIR_VERDICTS.map((v) => [v, `pair:${v}`])),
};

/** A string equal for equal decisions: `rollout:accept`, `pair:tie`, `group:[["a","b"],["c"]]`. */
export function verdictKey(v: Verdict): string {
  if (v.kind === 'group') return `group:${JSON.stringify(normalizeRanking(v.ranking))}`;
  return FIXED_KEYS[v.kind][v.value] ?? `${v.kind}:${v.value}`;
}

export function isSameVerdict(a: Verdict, b: Verdict): boolean {
  return verdictKey(a) === verdictKey(b);
}

/** For messages and the disagreements list. */
export function describeVerdict(v: Verdict): string {
  if (v.kind === 'group') return v.ranking.map((tier) => tier.join(' = ')).join(' > ');
  return v.value.replace('_', ' ');
}
