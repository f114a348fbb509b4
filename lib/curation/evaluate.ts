/**
 * evaluateRecipe: the one function behind the curate page's live preview, `sift curate --json`
 * and every export. The page prints `summary`; exports read `selection` from the same call, so
 * what the user previews is exactly what is exported.
 */
import { rewardSummary } from './derived';
import { pairDpo } from './dpo';
import { gapHistogram, rewardHistogram, type Histogram, type StackedHistogram } from './histogram';
import type { CurationModel } from './model';
import type { DpoPairs, DpoStats } from './pairs';
import { ppoStats, type PpoResult, type PpoStats } from './ppo';
import { resolveRecipe, type DpoStrategy, type Recipe, type ResolvedRecipe } from './recipe';
import { findRedFlags, type RedFlag } from './red-flags';
import { selectSft, type SftCounts } from './sft';
import { assignSplits, type SplitAssignment } from './splits';
import { domainOf, type Domain } from './stats';

export interface CurationSummary {
  sft: SftCounts & { histogram: StackedHistogram };
  dpo: DpoStats & { strategy: DpoStrategy; gapHistogram: Histogram };
  ppo: PpoStats;
  split: { names: string[]; counts: number[] } | null;
  redFlags: RedFlag[];
}

export interface CurationSelection {
  /** 1 = the rollout is an SFT example. */
  sftMask: Uint8Array;
  pairs: DpoPairs;
  /** Present when the recipe has a split section. */
  split: SplitAssignment | null;
}

export interface CurationEvaluation {
  recipe: ResolvedRecipe;
  summary: CurationSummary;
  selection: CurationSelection;
}

export interface EvaluateOptions {
  /** A length-n buffer to reuse for the SFT mask (slider recomputes allocate nothing big). */
  sftMask?: Uint8Array;
  histogramBins?: number;
  gapBins?: number;
}

interface Shares {
  domain: Domain;
  extreme: number;
  mid: number;
  nulls: number;
}

// PPO checks ignore the SFT/DPO settings, so a slider move reuses them.
const ppoCache = new WeakMap<CurationModel, Map<string, PpoResult>>();

function cachedPpo(model: CurationModel, options: ResolvedRecipe['ppo']): PpoResult {
  let byKey = ppoCache.get(model);
  if (!byKey) ppoCache.set(model, (byKey = new Map()));
  const key = JSON.stringify(options);
  let r = byKey.get(key);
  if (!r) {
    r = ppoStats(model, options);
    if (byKey.size >= 4) byKey.delete(byKey.keys().next().value as string);
    byKey.set(key, r);
  }
  return r;
}

// Recipe-independent distribution shares, computed once per model.
const shareCache = new WeakMap<CurationModel, Shares>();

function sharesOf(model: CurationModel): Shares {
  let s = shareCache.get(model);
  if (s) return s;
  const sum = rewardSummary(model);
  const domain = domainOf(sum.min, sum.max);
  const span = domain.hi - domain.lo;
  const mid = domain.lo + span / 2;
  let extreme = 0;
  let middle = 0;
  const r = model.reward;
  for (let i = 0; i < model.n; i++) {
    const v = r[i];
    if (v !== v) continue;
    if (v - domain.lo <= 0.05 * span || domain.hi - v <= 0.05 * span) extreme++;
    if (Math.abs(v - mid) <= 0.05 * span) middle++;
  }
  const c = sum.count || 1;
  s = { domain, extreme: extreme / c, mid: middle / c, nulls: model.n - sum.count };
  shareCache.set(model, s);
  return s;
}

export function evaluateRecipe(
  model: CurationModel,
  recipe: Recipe | ResolvedRecipe = {},
  options: EvaluateOptions = {},
): CurationEvaluation {
  const resolved = resolveRecipe(recipe, { hasTaskIds: model.tasks.length > 0 });
  const sft = selectSft(model, resolved.sft, options.sftMask);
  const dpo = pairDpo(model, resolved.dpo);
  const ppo = cachedPpo(model, resolved.ppo);
  const split = resolved.split ? assignSplits(model, resolved.split) : null;
  const shares = sharesOf(model);
  const span = shares.domain.hi - shares.domain.lo;

  const gaps = dpo.pairs.gaps;
  let small = 0;
  let nearOne = 0;
  for (let i = 0; i < gaps.length; i++) {
    if (gaps[i] < 0.1 * span) small++;
    if (gaps[i] >= 0.99 * span) nearOne++;
  }
  const pairCount = gaps.length || 1;

  const redFlags = findRedFlags({
    domain: shares.domain,
    rewards: rewardSummary(model),
    nullRewards: shares.nulls,
    sft,
    dpo: dpo.stats,
    smallGapShare: small / pairCount,
    nearOneGapShare: gaps.length ? nearOne / gaps.length : 0,
    ppo: ppo.stats,
    extremeShare: shares.extreme,
    midShare: shares.mid,
  });

  return {
    recipe: resolved,
    summary: {
      sft: {
        kept: sft.kept,
        dropped: sft.dropped,
        tasks: sft.tasks,
        mean: sft.mean,
        min: sft.min,
        max: sft.max,
        histogram: rewardHistogram(model, sft.mask, options.histogramBins ?? 20, sft.threshold),
      },
      dpo: { ...dpo.stats, strategy: resolved.dpo.strategy, gapHistogram: gapHistogram(gaps, options.gapBins ?? 20) },
      // A copy: the cached stats object must not be mutated through a summary.
      ppo: { ...ppo.stats, edges: [...ppo.stats.edges], bins: [...ppo.stats.bins] },
      split: split ? { names: split.names, counts: split.counts } : null,
      redFlags,
    },
    selection: { sftMask: sft.mask, pairs: dpo.pairs, split },
  };
}
