/**
 * The curate page's settings in the URL: `?recipe=<id>` names a saved recipe and `s=<json>` holds
 * only the fields that differ from the defaults, so a reload (or a shared link) restores the view.
 */
import { parseRecipe, resolveRecipe, type Recipe, type ResolvedRecipe } from '@/lib/curation';

const DEFAULTS = resolveRecipe({});
const SECTIONS = ['sft', 'dpo', 'ppo'] as const;

/** The schema's form of a resolved recipe (the schema has no `split: null`). */
export function toRecipe(r: ResolvedRecipe): Recipe {
  const { split, ...rest } = r;
  return split ? { ...rest, split } : rest;
}

/** Only the fields that differ from the defaults, in a fixed key order. */
export function compactRecipe(r: ResolvedRecipe): Recipe {
  const out: Record<string, Record<string, unknown>> = {};
  for (const section of SECTIONS) {
    const defaults = DEFAULTS[section] as unknown as Record<string, unknown>;
    const values = r[section] as unknown as Record<string, unknown>;
    const diff: Record<string, unknown> = {};
    for (const key of Object.keys(defaults)) {
      if (JSON.stringify(values[key]) !== JSON.stringify(defaults[key])) diff[key] = values[key];
    }
    if (Object.keys(diff).length) out[section] = diff;
  }
  if (r.split) out.split = { ...r.split };
  return out as Recipe;
}

export function sameRecipe(a: ResolvedRecipe, b: ResolvedRecipe): boolean {
  return JSON.stringify(compactRecipe(a)) === JSON.stringify(compactRecipe(b));
}

export function encodeRecipeParam(r: ResolvedRecipe): string {
  return JSON.stringify(compactRecipe(r));
}

/** null when the parameter is not a valid recipe. */
export function decodeRecipeParam(s: string): ResolvedRecipe | null {
  const parsed = parseRecipe(s);
  return parsed.ok ? resolveRecipe(parsed.recipe) : null;
}

export type CurateTab = 'sft' | 'dpo' | 'ppo';
export const CURATE_TABS: CurateTab[] = ['sft', 'dpo', 'ppo'];

/** The query string of a curate view (without "?"). */
export function curateQuery({
  recipeId,
  recipe,
  saved,
  tab,
}: {
  recipeId: number | null;
  recipe: ResolvedRecipe;
  saved: ResolvedRecipe | null;
  tab: CurateTab;
}): string {
  const q = new URLSearchParams();
  if (recipeId !== null) q.set('recipe', String(recipeId));
  const base = saved ?? DEFAULTS;
  if (!sameRecipe(recipe, base)) q.set('s', encodeRecipeParam(recipe));
  if (tab !== 'sft') q.set('tab', tab);
  return q.toString();
}
