/**
 * Counts for a dataset's scan, in the shape `sift scan --json` prints (issue 18): totals by kind and
 * rule for secrets, by kind for personal data, and how many rollouts hold each category.
 */
import type { Finding } from './types';

export interface ScanSummary {
  secrets: { total: number; byKind: Record<string, number>; byRule: Record<string, number> };
  personal: { total: number; byKind: Record<string, number> };
  rollouts: { scanned: number; withSecrets: number; withPersonal: number };
}

export function emptySummary(): ScanSummary {
  return {
    secrets: { total: 0, byKind: {}, byRule: {} },
    personal: { total: 0, byKind: {} },
    rollouts: { scanned: 0, withSecrets: 0, withPersonal: 0 },
  };
}

/** Adds one rollout's findings to `summary` (mutates and returns it: it is an accumulator). */
export function addRolloutFindings(
  summary: ScanSummary,
  findings: readonly Pick<Finding, 'kind' | 'category' | 'rule'>[],
): ScanSummary {
  let secret = false;
  let personal = false;
  for (const f of findings) {
    if (f.category === 'secret') {
      secret = true;
      summary.secrets.total++;
      summary.secrets.byKind[f.kind] = (summary.secrets.byKind[f.kind] ?? 0) + 1;
      summary.secrets.byRule[f.rule] = (summary.secrets.byRule[f.rule] ?? 0) + 1;
    } else {
      personal = true;
      summary.personal.total++;
      summary.personal.byKind[f.kind] = (summary.personal.byKind[f.kind] ?? 0) + 1;
    }
  }
  summary.rollouts.scanned++;
  if (secret) summary.rollouts.withSecrets++;
  if (personal) summary.rollouts.withPersonal++;
  return summary;
}

/** The summary of many rollouts' findings. */
export function summarizeFindings(perRollout: Iterable<readonly Finding[]>): ScanSummary {
  const s = emptySummary();
  for (const f of perRollout) addRolloutFindings(s, f);
  return s;
}
