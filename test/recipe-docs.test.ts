/**
 * The recipe file format is documented where a user finds it, and the documentation cannot drift
 * from the code: docs/recipe.schema.json is what the zod schema generates, every recipe in
 * docs/recipes.md is valid (one worked example per section at least), and so is the example
 * `sift curate --help` prints.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecipe, recipeSchema } from '@/lib/curation';
import { recipeJsonSchema } from '@/lib/curation/recipe-json-schema';

const root = process.cwd();
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');

describe('recipe documentation', () => {
  it('docs/recipe.schema.json is the schema the code generates (npm run docs:recipe-schema)', () => {
    expect(JSON.parse(read('docs/recipe.schema.json'))).toEqual(recipeJsonSchema());
    // Every section and field of the zod schema is in it, with a description.
    const schema = recipeJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    for (const [key, field] of Object.entries(recipeSchema.shape)) {
      expect(schema.properties[key], key).toBeDefined();
      expect(field.description, key).toBeTruthy();
    }
    expect(Object.keys(schema.properties.sft.properties!)).toContain('minReward');
  });

  it('every recipe in docs/recipes.md is valid, with a worked example for each section', () => {
    const doc = read('docs/recipes.md');
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    const sections = new Set<string>();
    for (const text of blocks) {
      const parsed = parseRecipe(text);
      expect(parsed.ok ? [] : parsed.issues, text).toEqual([]);
      if (parsed.ok) for (const k of Object.keys(parsed.recipe)) sections.add(k);
    }
    for (const section of ['sft', 'dpo', 'ppo', 'split']) {
      expect(sections, section).toContain(section);
      expect(doc).toContain(`## \`${section}\``);
    }
  });

  it('`sift curate --help` prints a valid example recipe and says where the format is documented', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/sift.mjs'), 'curate', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const example = /For example:\n\n(\{[\s\S]*?\n\})/.exec(r.stdout)?.[1];
    expect(example, r.stdout).toBeDefined();
    const parsed = parseRecipe(example!);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(r.stdout).toContain('docs/recipes.md');
    expect(r.stdout).toContain('docs/recipe.schema.json');
  });
});
