'use client';

import { useDeferredValue, useMemo } from 'react';
import {
  evaluateRecipe,
  taskSpread,
  type CurationModel,
  type CurationSummary,
  type ResolvedRecipe,
} from '@/lib/curation';
import { sampleRows, samplePairIndices, samplePool } from './samples';
import { selectSpread, type SpreadSelection } from './series';

export interface SamplePair {
  chosen: number;
  rejected: number;
  gap: number;
}

export interface CurationView {
  summary: CurationSummary;
  /** Kept SFT rows per task index. */
  keptPerTask: Int32Array;
  samples: { kept: number[]; dropped: number[]; pairs: SamplePair[] };
  /** Wall time of this recompute (evaluateRecipe + samples + coverage). */
  ms: number;
}

export interface StaticView {
  /** Per-task reward spread over all rollouts (recipe-independent), sorted and thinned once. */
  spread: SpreadSelection;
  pool: Int32Array;
}

/**
 * One recompute. Its `ms` is a measurement shown to the user, the only non-deterministic part of
 * the result, which is why timing lives here and not in the hook's render body.
 */
function recompute(model: CurationModel, statics: StaticView, recipe: ResolvedRecipe): CurationView {
  const t0 = performance.now();
  const ev = evaluateRecipe(model, recipe);
  const mask = ev.selection.sftMask;
  // A count per task (not a filter): which tasks the mask covers, for the spread chart.
  const keptPerTask = new Int32Array(model.tasks.length);
  for (let i = 0; i < model.n; i++) if (mask[i] && model.taskIdx[i] >= 0) keptPerTask[model.taskIdx[i]]++;
  const rows = sampleRows(statics.pool, mask, 10);
  const p = ev.selection.pairs;
  const pairs = samplePairIndices(p.gaps.length, 10, recipe.dpo.seed).map((k) => ({
    chosen: p.chosen[k],
    rejected: p.rejected[k],
    gap: p.gaps[k],
  }));
  return { summary: ev.summary, keptPerTask, samples: { ...rows, pairs }, ms: performance.now() - t0 };
}

/**
 * The live preview. Inputs update at once; the recompute runs on a deferred copy of the recipe, so
 * React renders the moved slider first and drops intermediate recipes when the user drags faster
 * than the recompute — the slider never waits for the charts.
 */
export function useCuration(
  model: CurationModel | null,
  recipe: ResolvedRecipe,
): { view: CurationView | null; statics: StaticView | null; isStale: boolean } {
  const deferred = useDeferredValue(recipe);
  const statics = useMemo(
    () => (model ? { spread: selectSpread(model.tasks, taskSpread(model)), pool: samplePool(model, 0) } : null),
    [model],
  );
  const view = useMemo(
    () => (model && statics ? recompute(model, statics, deferred) : null),
    [model, statics, deferred],
  );
  return { view, statics, isStale: deferred !== recipe };
}
