/**
 * The recipe file format as JSON Schema, generated from the zod schema (recipe.ts), so the two
 * cannot disagree. `npm run docs:recipe-schema` writes it to docs/recipe.schema.json and
 * test/recipe-docs.test.ts fails when the checked-in file is stale.
 */
import { z } from 'zod';
import { recipeSchema } from './recipe';

export function recipeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(recipeSchema, { target: 'draft-2020-12', io: 'input' });
  return { $schema: schema.$schema, title: 'Sift curation recipe', ...schema };
}
