/** Recipe CRUD on the temporary database (test/setup.ts), no mocks. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DPO, parseRecipe } from '@/lib/curation';
import {
  createRecipe,
  deleteRecipe,
  duplicateRecipe,
  getRecipe,
  getRecipeByName,
  listRecipes,
  renameRecipe,
  updateRecipe,
} from '@/lib/db/recipes';
import { AppError } from '@/lib/errors';

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return { code: (e as AppError).code, message: (e as Error).message };
  }
};

describe('recipes', () => {
  it('creates, lists, renames, duplicates, updates and deletes', async () => {
    const a = await createRecipe({ name: 'strict sft', body: { sft: { minReward: 1, successOnly: true } } });
    // Stored resolved: every field present, defaults filled, still valid for the schema.
    expect(a.body.sft?.minReward).toBe(1);
    expect(a.body.dpo?.maxPairsPerChosen).toBe(DEFAULT_DPO.maxPairsPerChosen);
    expect(a.body).not.toHaveProperty('split');
    expect(parseRecipe(a.body).ok).toBe(true);
    expect((await getRecipe({ id: a.id }))?.name).toBe('strict sft');
    expect((await getRecipeByName({ name: 'strict sft' }))?.id).toBe(a.id);

    const renamed = await renameRecipe({ id: a.id, name: 'binary sft' });
    expect(renamed.name).toBe('binary sft');
    expect(await getRecipeByName({ name: 'strict sft' })).toBeNull();

    const copy = await duplicateRecipe({ id: a.id });
    expect(copy.name).toBe('binary sft (copy)');
    expect(copy.body).toEqual(renamed.body);
    expect((await duplicateRecipe({ id: a.id })).name).toBe('binary sft (copy 2)');
    expect((await duplicateRecipe({ id: a.id, name: 'named copy' })).name).toBe('named copy');

    const updated = await updateRecipe({
      id: copy.id,
      body: { dpo: { strategy: 'stratified', high: 0.8 }, split: { by: 'task' } },
    });
    expect(updated.body.dpo?.strategy).toBe('stratified');
    expect(updated.body.sft?.minReward).toBe(0.95); // a body replaces, it does not merge
    expect(updated.body.split?.by).toBe('task');

    expect((await listRecipes()).map((r) => r.name)).toEqual([
      'binary sft',
      'binary sft (copy 2)',
      'binary sft (copy)',
      'named copy',
    ]);
    await deleteRecipe({ id: copy.id });
    expect(await getRecipe({ id: copy.id })).toBeNull();
    expect((await listRecipes()).length).toBe(3);
  });

  it('refuses a duplicate name, an invalid body and a missing recipe with a code', async () => {
    await createRecipe({ name: 'taken', body: {} });
    expect(await codeOf(createRecipe({ name: 'taken', body: {} }))).toMatchObject({ code: 'name_taken' });
    const other = await createRecipe({ name: 'other', body: {} });
    expect(await codeOf(renameRecipe({ id: other.id, name: 'taken' }))).toMatchObject({ code: 'name_taken' });
    expect(await codeOf(createRecipe({ name: 'bad', body: { sft: { minreward: 1 } } }))).toMatchObject({
      code: 'invalid_recipe',
      message: expect.stringContaining('$.sft'),
    });
    expect(await codeOf(createRecipe({ name: 'bad', body: { dpo: { minGap: -1 } } }))).toMatchObject({
      code: 'invalid_recipe',
      message: expect.stringMatching(/^\$\.dpo\.minGap: /),
    });
    expect(await getRecipeByName({ name: 'bad' })).toBeNull();
    expect(await codeOf(renameRecipe({ id: 999_999, name: 'x' }))).toMatchObject({ code: 'recipe_not_found' });
    expect(await codeOf(duplicateRecipe({ id: 999_999 }))).toMatchObject({ code: 'recipe_not_found' });
    expect(await codeOf(updateRecipe({ id: 999_999, body: {} }))).toMatchObject({ code: 'recipe_not_found' });
    expect(await codeOf(deleteRecipe({ id: 999_999 }))).toMatchObject({ code: 'recipe_not_found' });
  });
});
