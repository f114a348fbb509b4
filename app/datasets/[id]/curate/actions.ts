'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authorize } from '@/lib/auth/session';
import { ok, parseInput, toActionResult, type ActionResult } from '@/lib/action-result';
import { recipeSchema } from '@/lib/curation';
import {
  createRecipe,
  deleteRecipe,
  duplicateRecipe,
  renameRecipe,
  updateRecipe,
  type RecipeRow,
} from '@/lib/db/recipes';

const id = z.number().int().positive();
const name = z.string().trim().min(1, 'give the recipe a name').max(120, 'at most 120 characters');

type Saved = { id: number; name: string };

function revalidate(): void {
  revalidatePath('/datasets/[id]/curate', 'page');
  revalidatePath('/curate');
}

async function run(write: () => Promise<RecipeRow | void>): Promise<ActionResult<Saved | null>> {
  try {
    const row = await write();
    revalidate();
    return ok(row ? { id: row.id, name: row.name } : null);
  } catch (e) {
    return toActionResult(e); // name_taken carries field 'name': the form shows it beside the name
  }
}

const createSchema = z.object({ name, body: recipeSchema });
export async function createRecipeAction(input: z.input<typeof createSchema>): Promise<ActionResult<Saved | null>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const p = parseInput(createSchema, input);
  if (!p.ok) return p.result;
  return run(() => createRecipe({ ...p.data, createdById: auth.actor.id }));
}

const updateSchema = z.object({ id, body: recipeSchema });
export async function updateRecipeAction(input: z.input<typeof updateSchema>): Promise<ActionResult<Saved | null>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const p = parseInput(updateSchema, input);
  if (!p.ok) return p.result;
  return run(() => updateRecipe(p.data));
}

const renameSchema = z.object({ id, name });
export async function renameRecipeAction(input: z.input<typeof renameSchema>): Promise<ActionResult<Saved | null>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const p = parseInput(renameSchema, input);
  if (!p.ok) return p.result;
  return run(() => renameRecipe(p.data));
}

const duplicateSchema = z.object({ id, name: name.optional() });
export async function duplicateRecipeAction(
  input: z.input<typeof duplicateSchema>,
): Promise<ActionResult<Saved | null>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const p = parseInput(duplicateSchema, input);
  if (!p.ok) return p.result;
  return run(() => duplicateRecipe({ ...p.data, createdById: auth.actor.id }));
}

const deleteSchema = z.object({ id });
export async function deleteRecipeAction(input: z.input<typeof deleteSchema>): Promise<ActionResult<Saved | null>> {
  const auth = await authorize('curator');
  if (!auth.ok) return auth.result;
  const p = parseInput(deleteSchema, input);
  if (!p.ok) return p.result;
  return run(() => deleteRecipe(p.data));
}
