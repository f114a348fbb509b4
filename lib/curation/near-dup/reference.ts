/**
 * A dataset against a reference set the user imported (a benchmark's test tasks, another team's
 * eval set): rows whose task id appears there, rows whose prompt is identical (same prompt key),
 * and rows whose prompt is a near-duplicate of a reference prompt (MinHash over prompt text, LSH
 * between the two sets only).
 */
import { fmix32 } from '../hash';
import { chooseLshParams } from './lsh';
import type { Signatures } from './minhash';

export interface PromptSet {
  taskIds: readonly (string | null)[];
  promptKeys: readonly string[];
  /** Signatures of each row's prompt text (near-dup/text.ts promptText), same options on both sides. */
  prompts: Signatures;
}

export interface ReferenceOverlap {
  /** Rows whose task id is one of the reference's. */
  sameTask: number[];
  /** Rows whose prompt key is one of the reference's. */
  samePrompt: number[];
  /** Rows with a near-duplicate reference prompt (not already identical), the closest one each. */
  nearPrompt: { row: number; ref: number; similarity: number }[];
}

function bandKey(s: Signatures, row: number, band: number, rows: number): number {
  let h = 0x811c9dc5 ^ band;
  for (let p = row * s.k + band * rows, end = p + rows; p < end; p++) h = Math.imul(h ^ s.values[p], 0x01000193);
  return fmix32(h >>> 0);
}

function crossMatches(x: Signatures, i: number, y: Signatures, j: number): number {
  let m = 0;
  for (let p = 0; p < x.k; p++) if (x.values[i * x.k + p] === y.values[j * y.k + p]) m++;
  return m;
}

export function findReferenceOverlap(rows: PromptSet, ref: PromptSet, threshold = 0.8): ReferenceOverlap {
  if (rows.prompts.k !== ref.prompts.k) throw new Error('signatures of different sizes');
  const tasks = new Set(ref.taskIds.filter((t): t is string => t !== null));
  const keys = new Set(ref.promptKeys);
  const sameTask: number[] = [];
  const samePrompt: number[] = [];
  rows.taskIds.forEach((t, i) => t !== null && tasks.has(t) && sameTask.push(i));
  rows.promptKeys.forEach((k, i) => keys.has(k) && samePrompt.push(i));

  const { k } = rows.prompts;
  // Bands tuned 0.2 below the threshold: tuned at it, a pair just above it is missed one time in
  // four (9 bands × 13 rows at 0.8 catch J = 0.86 with p = 0.75); 0.2 lower catches it with p > 0.99.
  const params = chooseLshParams(Math.max(0.3, threshold - 0.2), k);
  const index = new Map<number, number[]>();
  for (let j = 0; j < ref.prompts.n; j++) {
    if (ref.prompts.empty[j]) continue;
    for (let band = 0; band < params.bands; band++) {
      const key = bandKey(ref.prompts, j, band, params.rows);
      const list = index.get(key);
      if (list) list.push(j);
      else index.set(key, [j]);
    }
  }
  const need = Math.ceil(threshold * k - 1e-9);
  const nearPrompt: ReferenceOverlap['nearPrompt'] = [];
  const identical = new Set(samePrompt);
  for (let i = 0; i < rows.prompts.n; i++) {
    if (rows.prompts.empty[i] || identical.has(i)) continue;
    let best = -1;
    let bestM = need - 1;
    const tried = new Set<number>();
    for (let band = 0; band < params.bands; band++) {
      for (const j of index.get(bandKey(rows.prompts, i, band, params.rows)) ?? []) {
        if (tried.has(j)) continue;
        tried.add(j);
        const m = crossMatches(rows.prompts, i, ref.prompts, j);
        if (m > bestM) [best, bestM] = [j, m];
      }
    }
    if (best >= 0) nearPrompt.push({ row: i, ref: best, similarity: bestM / k });
  }
  return { sameTask, samePrompt, nearPrompt };
}
