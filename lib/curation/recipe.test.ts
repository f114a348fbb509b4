import { describe, expect, it } from 'vitest';
import { DEFAULT_DPO, parseRecipe, resolveRecipe } from './recipe';

describe('parseRecipe', () => {
  it('accepts a hand-written recipe naming only what it changes', () => {
    const text =
      '{"version": 1, "sft": {"minReward": 1, "where": [{"metric": "set_overlap", "op": ">=", "value": 0.95}]}}';
    const parsed = parseRecipe(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const r = resolveRecipe(parsed.recipe);
    expect(r.sft.minReward).toBe(1);
    expect(r.sft.combine).toBe('and');
    expect(r.sft.where).toEqual([{ metric: 'set_overlap', op: '>=', value: 0.95 }]);
    expect(r.dpo).toEqual(DEFAULT_DPO);
    expect(r.split).toBeNull();
  });

  it.each([
    [{ sft: { where: [{ metric: 'x', op: '=>', value: 1 }] } }, '$.sft.where[0].op'],
    [{ dpo: { minGap: -0.1 } }, '$.dpo.minGap'],
    [{ dpo: { maxPairs: 0 } }, '$.dpo.maxPairs'],
    [{ version: 2 }, '$.version'],
    [{ ppo: { bins: [0, 0.5, 0.5] } }, '$.ppo.bins'],
    [{ split: { by: 'user' } }, '$.split.by'],
  ])('reports %j at %s', (input, path) => {
    const parsed = parseRecipe(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.path)).toContain(path);
  });

  it('rejects misspelt keys instead of ignoring them', () => {
    const parsed = parseRecipe({ sft: { minreward: 0.5 } });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0].path).toBe('$.sft');
  });

  it('reports invalid JSON text without throwing', () => {
    const parsed = parseRecipe('{"sft": ');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0].code).toBe('invalid_json');
  });

  it('has the guide defaults and keeps explicit nulls (no cap)', () => {
    const r = resolveRecipe({ dpo: { maxPairsPerChosen: null }, split: {} });
    expect(r.sft.minReward).toBe(0.95);
    expect([r.dpo.high, r.dpo.low, r.dpo.minGap]).toEqual([0.7, 0.4, 0.2]);
    expect(r.dpo.maxPairsPerChosen).toBeNull();
    // The split rule follows the data: by task when it has task ids (or nobody says), else by prompt.
    expect(r.split).toEqual({ by: 'task', ratio: 0.1, seed: 0, stratify: false });
    expect(resolveRecipe({ split: {} }, { hasTaskIds: false }).split?.by).toBe('prompt');
    expect(resolveRecipe(r)).toEqual(r);
  });
});
