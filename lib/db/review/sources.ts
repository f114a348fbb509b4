/**
 * Where a queue's items come from: a source (lib/review/queue-input.ts) read against the dataset,
 * as lists of rollout ids, one list per item ([id] for a rollout item, [chosen, rejected] for a
 * pair, the trials of one prompt for a group).
 *
 * Raw SQL: whole-dataset id scans (4) and the rollout table's filter SQL (3); the recipe source
 * reuses the curation model and evaluateRecipe, so a queue made from a curate selection holds
 * exactly the rollouts the page counted.
 */
import { evaluateRecipe, hashSeedId, type Recipe } from '../../curation';
import { AppError } from '../../errors';
import type { RolloutFilters } from '../../query/rollout-query';
import {
  findSuspicious,
  findSuspiciousInTask,
  MAX_GROUP_SIZE,
  MAX_QUEUE_ITEMS,
  type SuspiciousRule,
} from '../../review';
import type { ItemKind } from '../../review';
import { getDb } from '../client';
import { loadCurateModel } from '../curation-tokens';
import { loadCurationModel } from '../curation-model';
import { whereSql } from '../rollout-query-sql';
import { fromStoredRollout } from '../rollout-row';
import { readStoredRows } from '../stored-reads';

/** A source with everything it needs resolved (app/ and the CLI decode a table URL into filters). */
export type QueueSource =
  | { kind: 'all' }
  | { kind: 'recipe'; recipe: Recipe; part: 'sft' | 'dpo'; recipeName?: string }
  | { kind: 'filter'; query: string; filters: RolloutFilters; q: string }
  | { kind: 'suspicious'; rules?: SuspiciousRule[] }
  | { kind: 'rollouts'; rolloutIds: number[] };

/** What the queue stores about its source (shown on the queue page; the recipe body is kept). */
export function describeSource(s: QueueSource): Record<string, unknown> {
  if (s.kind === 'filter') return { kind: s.kind, query: s.query };
  if (s.kind === 'rollouts') return { kind: s.kind, count: s.rolloutIds.length };
  return { ...s };
}

function idsOfDataset(datasetId: number): number[] {
  return (
    getDb().raw.prepare(`SELECT id FROM "Rollout" WHERE datasetId = ? ORDER BY id`).raw(true).all(datasetId) as [
      number,
    ][]
  ).map((r) => r[0]);
}

function idsOfFilter(datasetId: number, filters: RolloutFilters, q: string): number[] {
  const where = whereSql({ datasetId, filters, q: q.trim() });
  return (
    getDb()
      .raw.prepare(`SELECT r.id FROM ${where.from} WHERE ${where.sql} ORDER BY r.id LIMIT ?`)
      .raw(true)
      .all(...where.params, MAX_QUEUE_ITEMS + 1) as [number][]
  ).map((r) => r[0]);
}

async function itemsOfRecipe(datasetId: number, recipe: Recipe, part: 'sft' | 'dpo'): Promise<number[][]> {
  const { model, rowIds } = await loadCurateModel({ datasetId });
  const { selection } = evaluateRecipe(model, recipe);
  if (part === 'dpo') {
    const { chosen, rejected } = selection.pairs;
    return Array.from(chosen, (c, k) => [rowIds[c], rowIds[rejected[k]]]);
  }
  const out: number[][] = [];
  for (let i = 0; i < selection.sftMask.length; i++) if (selection.sftMask[i]) out.push([rowIds[i]]);
  return out;
}

/** The dataset's reward range, for "high reward" (80% of the way from its lowest to its highest). */
function highRewardOf(datasetId: number): number {
  const r = getDb()
    .raw.prepare(`SELECT min(reward) AS lo, max(reward) AS hi FROM "Rollout" WHERE datasetId = ?`)
    .get(datasetId) as { lo: number | null; hi: number | null };
  if (r.lo === null || r.hi === null || r.hi <= r.lo) return 0.8;
  return r.lo + 0.8 * (r.hi - r.lo);
}

/**
 * Rollouts the suspicious-rollout detector flags, in id order: the trials of each task are read
 * together (the task-level rules compare a trial with its siblings), a task at a time.
 */
export function findSuspiciousRolloutIds({
  datasetId,
  rules,
}: {
  datasetId: number;
  rules?: readonly SuspiciousRule[];
}): number[] {
  const { raw } = getDb();
  const wanted = rules && rules.length > 0 ? new Set(rules) : null;
  const opts = { highReward: highRewardOf(datasetId) };
  const rows = raw
    .prepare(`SELECT id, taskId FROM "Rollout" WHERE datasetId = ? ORDER BY taskId, id`)
    .raw(true)
    .all(datasetId) as [number, string | null][];
  const flagged: number[] = [];
  const check = (ids: number[], lone: boolean) => {
    const rollouts = readStoredRows(raw, ids).map(fromStoredRollout);
    const findings = lone ? rollouts.map((r) => findSuspicious(r, [], opts)) : findSuspiciousInTask(rollouts, opts);
    findings.forEach((f, k) => {
      if (f.some((x) => !wanted || wanted.has(x.rule))) flagged.push(ids[k]);
    });
  };
  let start = 0;
  while (start < rows.length) {
    const task = rows[start][1];
    let end = start + 1;
    while (end < rows.length && rows[end][1] === task) end++;
    const ids = rows.slice(start, end).map((r) => r[0]);
    if (task === null) for (let i = 0; i < ids.length; i += 500) check(ids.slice(i, i + 500), true);
    else check(ids, false);
    start = end;
  }
  return flagged.sort((a, b) => a - b);
}

/** Groups rollouts by prompt (the N trials of one prompt), at most MAX_GROUP_SIZE each, in order of first id. */
function groupByPrompt(datasetId: number, ids: number[]): number[][] {
  const { model, rowIds } = loadCurationModel({ datasetId });
  const groups = new Map<number, number[]>();
  for (const id of ids) {
    let lo = 0;
    let hi = rowIds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rowIds[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    if (rowIds[lo] !== id) continue;
    const prompt = model.promptIdx[lo];
    const list = groups.get(prompt);
    if (!list) groups.set(prompt, [id]);
    else if (list.length < MAX_GROUP_SIZE) list.push(id);
  }
  return [...groups.values()].filter((g) => g.length >= 2);
}

/** A seeded sample of n items: the n with the smallest hash of (seed, their rollout ids), in that order. */
export function sampleItems(items: number[][], { n, seed }: { n: number; seed: number }): number[][] {
  const keyed = items.map((ids) => ({ ids, h: hashSeedId(seed, ids.join(',')) }));
  keyed.sort((a, b) => a.h - b.h || a.ids[0] - b.ids[0]);
  return keyed.slice(0, n).map((k) => k.ids);
}

/** The items a source yields for a queue of `kind`, sampled when asked; throws when there are none or too many. */
export async function collectQueueItems({
  datasetId,
  kind,
  source,
  sample,
}: {
  datasetId: number;
  kind: ItemKind;
  source: QueueSource;
  sample?: { n: number; seed: number } | null;
}): Promise<number[][]> {
  const isPairSource = source.kind === 'recipe' && source.part === 'dpo';
  if ((kind === 'pair') !== isPairSource)
    throw new AppError(
      'validation',
      kind === 'pair'
        ? 'A pair queue is made from a recipe’s DPO pairs.'
        : 'DPO pairs make a pair queue: choose the pair kind.',
      { field: 'kind' },
    );
  let items: number[][];
  if (source.kind === 'recipe') items = await itemsOfRecipe(datasetId, source.recipe, source.part);
  else {
    let ids: number[];
    if (source.kind === 'all') ids = idsOfDataset(datasetId);
    else if (source.kind === 'filter') ids = idsOfFilter(datasetId, source.filters, source.q);
    else if (source.kind === 'suspicious') ids = findSuspiciousRolloutIds({ datasetId, rules: source.rules });
    else ids = checkRolloutIds(datasetId, source.rolloutIds);
    items = kind === 'group' ? groupByPrompt(datasetId, ids) : ids.map((id) => [id]);
  }
  if (sample) items = sampleItems(items, sample);
  if (items.length === 0)
    throw new AppError('nothing_selected', 'The source selects nothing to review: change the selection.');
  if (items.length > MAX_QUEUE_ITEMS)
    throw new AppError(
      'validation',
      `The source selects ${items.length.toLocaleString('en-US')} items; a queue holds at most ${MAX_QUEUE_ITEMS.toLocaleString('en-US')}: take a sample.`,
      { field: 'sample' },
    );
  return items;
}

function checkRolloutIds(datasetId: number, ids: number[]): number[] {
  const unique = [...new Set(ids)];
  const found = new Set<number>();
  for (let i = 0; i < unique.length; i += 5000) {
    const chunk = unique.slice(i, i + 5000);
    const rows = getDb()
      .raw.prepare(`SELECT id FROM "Rollout" WHERE datasetId = ? AND id IN (${chunk.map(() => '?').join(',')})`)
      .raw(true)
      .all(datasetId, ...chunk) as [number][];
    for (const [id] of rows) found.add(id);
  }
  const missing = unique.find((id) => !found.has(id));
  if (missing !== undefined) throw new AppError('rollout_not_found', `Rollout ${missing} is not in this dataset.`);
  return unique;
}
