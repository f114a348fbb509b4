/**
 * `npm run docs:recipe-schema`: writes docs/recipe.schema.json from the zod recipe schema
 * (lib/curation/recipe-json-schema.ts), formatted as Prettier formats it so `npm run lint` passes.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { recipeJsonSchema } from '../lib/curation/recipe-json-schema';

const file = path.resolve(import.meta.dirname, '../docs/recipe.schema.json');
const options = (await prettier.resolveConfig(file)) ?? {};
fs.writeFileSync(file, await prettier.format(JSON.stringify(recipeJsonSchema()), { ...options, filepath: file }));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
