/**
 * Saved curation recipes. Recipes are global (not per dataset): the curate page of any dataset can
 * apply any of them. The body is the versioned recipe JSON of lib/curation/recipe.ts, stored fully
 * resolved so a saved recipe keeps meaning the same thing if a default changes later.
 */
import { parseRecipe, resolveRecipe, type Recipe, type ResolvedRecipe } from '../curation';
import { AppError } from '../errors';
import { getDb } from './client';

export interface RecipeRow {
  id: number;
  name: string;
  /** Validated, with every field present (split only when the recipe has one). */
  body: Recipe;
  createdAt: Date;
  updatedAt: Date;
  /** Who saved it first: a user name, or null for the local owner (or an account since removed). */
  createdBy: string | null;
}

/** The stored form: resolved, with `split` omitted when unset (the schema has no null split). */
export function normalizeRecipe(recipe: Recipe | ResolvedRecipe): Recipe {
  const { split, ...rest } = resolveRecipe(recipe);
  return split ? { ...rest, split } : rest;
}

const withCreator = { createdBy: { select: { username: true, name: true } } } as const;

function toRow(r: {
  id: number;
  name: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  createdBy: { username: string | null; name: string } | null;
}): RecipeRow {
  const parsed = parseRecipe(r.body);
  // A body written by an older version that no longer validates still lists (as the defaults),
  // rather than breaking the page; saving it again rewrites it.
  return {
    id: r.id,
    name: r.name,
    body: parsed.ok ? normalizeRecipe(parsed.recipe) : normalizeRecipe({}),
    createdAt: r.createdAt,
    createdBy: r.createdBy ? (r.createdBy.username ?? r.createdBy.name) : null,
    updatedAt: r.updatedAt,
  };
}

function validBody(body: unknown): string {
  const parsed = parseRecipe(body);
  if (!parsed.ok) {
    const i = parsed.issues[0];
    throw new AppError('invalid_recipe', `${i.path}: ${i.message}`, { path: i.path });
  }
  return JSON.stringify(normalizeRecipe(parsed.recipe));
}

const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' &&
  e !== null &&
  ((e as { code?: string }).code === 'P2002' || /unique constraint/i.test(String((e as Error).message)));

async function guardName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('name_taken', `A recipe named "${name}" already exists.`, { field: 'name' });
    throw e;
  }
}

export async function listRecipes(): Promise<RecipeRow[]> {
  const rows = await getDb().prisma.recipe.findMany({ orderBy: { name: 'asc' }, include: withCreator });
  return rows.map(toRow);
}

export async function getRecipe({ id }: { id: number }): Promise<RecipeRow | null> {
  const r = await getDb().prisma.recipe.findUnique({ where: { id }, include: withCreator });
  return r ? toRow(r) : null;
}

export async function getRecipeByName({ name }: { name: string }): Promise<RecipeRow | null> {
  const r = await getDb().prisma.recipe.findUnique({ where: { name }, include: withCreator });
  return r ? toRow(r) : null;
}

/** `body` is validated with the recipe schema; throws AppError 'invalid_recipe' or 'name_taken'. */
/** `createdById`: who saves it (null: the local owner). */
export async function createRecipe({
  name,
  body,
  createdById = null,
}: {
  name: string;
  body: unknown;
  createdById?: string | null;
}): Promise<RecipeRow> {
  const text = validBody(body);
  return toRow(
    await guardName(name, () =>
      getDb().prisma.recipe.create({ data: { name, body: text, createdById }, include: withCreator }),
    ),
  );
}

export async function updateRecipe({ id, body }: { id: number; body: unknown }): Promise<RecipeRow> {
  const text = validBody(body);
  const found = await getDb().prisma.recipe.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw new AppError('recipe_not_found', `Recipe ${id} no longer exists.`);
  return toRow(await getDb().prisma.recipe.update({ where: { id }, data: { body: text }, include: withCreator }));
}

export async function renameRecipe({ id, name }: { id: number; name: string }): Promise<RecipeRow> {
  const found = await getDb().prisma.recipe.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw new AppError('recipe_not_found', `Recipe ${id} no longer exists.`);
  return toRow(
    await guardName(name, () => getDb().prisma.recipe.update({ where: { id }, data: { name }, include: withCreator })),
  );
}

/** Copies a recipe; without a name the copy is "<name> (copy)", "<name> (copy 2)", … */
export async function duplicateRecipe({
  id,
  name,
  createdById = null,
}: {
  id: number;
  name?: string;
  createdById?: string | null;
}): Promise<RecipeRow> {
  const { prisma } = getDb();
  const source = await prisma.recipe.findUnique({ where: { id } });
  if (!source) throw new AppError('recipe_not_found', `Recipe ${id} no longer exists.`);
  let copyName = name;
  if (!copyName) {
    const taken = new Set(
      (
        await prisma.recipe.findMany({
          where: { name: { startsWith: `${source.name} (copy` } },
          select: { name: true },
        })
      ).map((r) => r.name),
    );
    copyName = `${source.name} (copy)`;
    for (let k = 2; taken.has(copyName); k++) copyName = `${source.name} (copy ${k})`;
  }
  const finalName = copyName;
  return toRow(
    await guardName(finalName, () =>
      prisma.recipe.create({ data: { name: finalName, body: source.body, createdById }, include: withCreator }),
    ),
  );
}

export async function deleteRecipe({ id }: { id: number }): Promise<void> {
  const { count } = await getDb().prisma.recipe.deleteMany({ where: { id } });
  if (count === 0) throw new AppError('recipe_not_found', `Recipe ${id} no longer exists.`);
}
