/**
 * Which rows (or pairs) an export writes, and into which split: evaluateRecipe (the function the
 * curate page previews with) picks them, assignSplits places them. The exports page's preview and
 * the export itself both call `selectForExport`, so the preview counts are the exported counts.
 *
 * - sft / ppo formats: the recipe's SFT keep-mask, in row (= Rollout.id) order.
 * - preference formats: the recipe's DPO pairs, in pairing order; a pair goes to its chosen row's
 *   split. With same-prompt / same-task pairing both rows share the prompt (and task), so a task or
 *   prompt split never separates them; the stratified strategy pairs across prompts and may.
 * - kto: see ExportOptions.ktoLabel. Eligible rows pass every recipe filter except the reward
 *   threshold and success-only (evaluated by running the recipe again with those two lifted).
 * Pure: no DB, no fs.
 */
import { assignSplits, evaluateRecipe, type CurationModel, type DpoPairs, type Recipe } from '../curation';
import type { ExportKind } from './formats';
import { exportKindOf, toSplitOptions, type ExportRequest } from './request';

export interface ExportPreview {
  kind: ExportKind;
  /** Items the writer will receive: rollouts, pairs or labelled examples. */
  items: number;
  perSplit: Record<string, number>;
  /** Rows the writer writes when it skips nothing (verl-rl-parquet: one per distinct prompt). */
  expectedRows: number;
  sft: { kept: number; dropped: number };
  dpo: { pairs: number; candidatePairs: number };
  kto: { desirable: number; undesirable: number } | null;
  /** Things the user should know (e.g. a token filter without a token analysis). */
  notes: string[];
  /** verl formats: the data_source values the rows will carry and the ground-truth field's coverage, from a sample. */
  verl?: VerlPreview;
}

export interface VerlPreview {
  /** Distinct data_source values of the sampled rollouts (the override when one is set). */
  dataSources: string[];
  /** Rollouts sampled (the dataset's first ones). */
  sampled: number;
  /** With a ground-truth field: how many sampled rollouts have it. */
  groundTruthFound: number | null;
}

export interface ExportSelection {
  kind: ExportKind;
  /** Model rows for sft / ppo / kto items, ascending. */
  rows: Int32Array;
  /** kto only: 1 = desirable, parallel to `rows`. */
  labels: Uint8Array | null;
  /** Preference items. */
  pairs: DpoPairs | null;
  /** Split index per item (rows or pairs) into `splitNames`. */
  itemSplit: Int8Array;
  splitNames: string[];
  preview: ExportPreview;
}

function rowsOf(mask: Uint8Array): Int32Array {
  let m = 0;
  for (let i = 0; i < mask.length; i++) m += mask[i];
  const rows = new Int32Array(m);
  for (let i = 0, o = 0; i < mask.length; i++) if (mask[i] === 1) rows[o++] = i;
  return rows;
}

export function selectForExport(
  model: CurationModel,
  request: Pick<ExportRequest, 'format' | 'recipe' | 'split' | 'options'>,
): ExportSelection {
  const kind = exportKindOf(request.format);
  // The export's split rule replaces the recipe's own split section (it only changes placement).
  const recipe: Recipe = { ...request.recipe, split: undefined };
  const evaluation = evaluateRecipe(model, recipe);
  const { sftMask, pairs } = evaluation.selection;
  const notes: string[] = [];
  if (evaluation.recipe.sft.maxTokens !== null && !model.tokens)
    notes.push('The recipe has a token limit but this dataset has no token analysis yet: the limit is ignored.');
  for (const f of evaluation.summary.redFlags) if (f.level === 'error') notes.push(`${f.rule} (${f.detail})`);

  const splitOptions = toSplitOptions(request.format, request.split);
  let rows: Int32Array = new Int32Array(0);
  let labels: Uint8Array | null = null;
  let itemSplit: Int8Array;
  let splitNames: string[];
  let kto: ExportPreview['kto'] = null;

  if (kind === 'preference') {
    const chosenMask = new Uint8Array(model.n);
    for (let p = 0; p < pairs.chosen.length; p++) chosenMask[pairs.chosen[p]] = 1;
    const split = assignSplits(model, splitOptions, chosenMask);
    itemSplit = new Int8Array(pairs.chosen.length);
    for (let p = 0; p < pairs.chosen.length; p++) itemSplit[p] = split.index[pairs.chosen[p]];
    splitNames = split.names;
  } else {
    let mask = sftMask;
    if (kind === 'kto') {
      const relaxed = evaluateRecipe(model, { ...recipe, sft: { ...recipe.sft, minReward: null, successOnly: false } })
        .selection.sftMask;
      const bySuccess = request.options.ktoLabel === 'success';
      mask = new Uint8Array(model.n);
      for (let i = 0; i < model.n; i++) {
        if (relaxed[i] !== 1) continue;
        const known = bySuccess
          ? model.success[i] !== -1
          : model.reward[i] === model.reward[i] || model.success[i] !== -1;
        if (known) mask[i] = 1;
      }
      rows = rowsOf(mask);
      labels = new Uint8Array(rows.length);
      let desirable = 0;
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k];
        labels[k] = bySuccess ? (model.success[i] === 1 ? 1 : 0) : sftMask[i];
        desirable += labels[k];
      }
      kto = { desirable, undesirable: rows.length - desirable };
    } else {
      rows = rowsOf(mask);
    }
    const split = assignSplits(model, splitOptions, mask);
    itemSplit = new Int8Array(rows.length);
    for (let k = 0; k < rows.length; k++) itemSplit[k] = split.index[rows[k]];
    splitNames = split.names;
  }

  const items = kind === 'preference' ? pairs.chosen.length : rows.length;
  const counts = new Array<number>(splitNames.length).fill(0);
  for (let k = 0; k < itemSplit.length; k++) counts[itemSplit[k]]++;
  const perSplit: Record<string, number> = {};
  splitNames.forEach((name, k) => {
    if (counts[k] > 0) perSplit[name] = counts[k];
  });

  let expectedRows = items;
  if (request.format === 'verl-rl-parquet') {
    const seen = new Set<number>();
    for (const i of rows) seen.add(model.promptIdx[i]);
    expectedRows = seen.size;
  }

  return {
    kind,
    rows,
    labels,
    pairs: kind === 'preference' ? pairs : null,
    itemSplit,
    splitNames,
    preview: {
      kind,
      items,
      perSplit,
      expectedRows,
      sft: { kept: evaluation.summary.sft.kept, dropped: evaluation.summary.sft.dropped },
      dpo: { pairs: evaluation.summary.dpo.pairs, candidatePairs: evaluation.summary.dpo.candidatePairs },
      kto,
      notes,
    },
  };
}
