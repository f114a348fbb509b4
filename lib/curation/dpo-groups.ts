/**
 * Same-prompt / same-task pairing. Each group's rows are pre-sorted by reward descending with ties
 * in file order (derived.ts) — exactly Python's stable `sort(key=reward, reverse=True)` — so the
 * inward rule reproduces seed_pipeline pair for pair: the i-th best against the i-th worst while
 * i < len // 2, kept when gap >= minGap (and > 0: tied rollouts never pair; pairs.ts meetsMinGap).
 * Groups are visited in first-appearance order, like Python's dict.
 *
 * allPairs: every (better, worse) pair in a group whose gap meets minGap; for each chosen the
 * worst rejected come first (largest gaps), within the per-chosen and per-prompt caps.
 */
import type { CurationModel } from './model';
import { meetsMinGap, PairBuffer } from './pairs';
import type { DpoOptions } from './recipe';
import type { Groups } from './sort';

export interface GroupPairing {
  buffer: PairBuffer;
  candidatePairs: number;
}

export function pairWithinGroups(model: CurationModel, groups: Groups, o: DpoOptions): GroupPairing {
  const { reward, promptIdx } = model;
  const { offsets, rows } = groups;
  const g = o.minGap;
  const perChosen = o.maxPairsPerChosen ?? Infinity;
  const perPrompt = o.maxPairsPerPrompt ?? Infinity;
  const promptPairs = new Int32Array(model.prompts.length);
  const buffer = new PairBuffer(o.allPairs ? rows.length : rows.length >>> 1);
  let candidatePairs = 0;

  // Per-prompt cap is keyed by the chosen rollout's prompt (rows without one are uncapped).
  const room = (c: number): number => {
    const p = promptIdx[c];
    return p < 0 ? Infinity : perPrompt - promptPairs[p];
  };
  const count = (c: number): void => {
    const p = promptIdx[c];
    if (p >= 0) promptPairs[p]++;
  };

  for (let k = 0; k + 1 < offsets.length; k++) {
    const start = offsets[k];
    const end = offsets[k + 1];
    const size = end - start;
    if (!o.allPairs) {
      const half = size >>> 1;
      for (let i = 0; i < half; i++) {
        const c = rows[start + i];
        const r = rows[end - 1 - i];
        const gap = reward[c] - reward[r];
        if (!meetsMinGap(gap, g)) continue;
        candidatePairs++;
        if (perChosen >= 1 && room(c) >= 1 && buffer.push(c, r, gap)) count(c);
      }
      continue;
    }
    for (let i = 0; i + 1 < size; i++) {
      const c = rows[start + i];
      const rc = reward[c];
      // Gaps grow along the group (rewards descend): find the first position that meets minGap.
      let lo = i + 1;
      let hi = size;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (meetsMinGap(rc - reward[rows[start + mid]], g)) hi = mid;
        else lo = mid + 1;
      }
      const eligible = size - lo;
      candidatePairs += eligible;
      const take = Math.min(eligible, perChosen, room(c));
      for (let t = 0; t < take; t++) {
        const r = rows[end - 1 - t];
        if (!buffer.push(c, r, rc - reward[r])) break;
        count(c);
      }
    }
  }
  return { buffer, candidatePairs };
}
