/**
 * `sift curate --dataset NAME --recipe FILE|NAME [--json]`: what the curate page shows, for a
 * recipe file (hand-written JSON) or a saved recipe. Prints evaluateRecipe's summary — the same call
 * the page and the exports make, so the three always agree.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { evaluateRecipe, parseRecipe, type CurationSummary, type Recipe } from '../../lib/curation';
import { loadCurateModel } from '../../lib/db/curation-tokens';
import { getDatasetByName } from '../../lib/db/datasets';
import { getRecipeByName } from '../../lib/db/recipes';
import { AppError } from '../../lib/errors';
import { printJson } from '../output';

interface Opts {
  dataset: string;
  recipe: string;
  json?: boolean;
}

/** A path to a JSON file, else the name of a saved recipe. */
export async function readRecipe(ref: string): Promise<{ recipe: Recipe; source: string }> {
  const file = path.resolve(process.cwd(), ref);
  if (fs.existsSync(file) && fs.statSync(file).isFile()) {
    const parsed = parseRecipe(fs.readFileSync(file, 'utf8'));
    if (!parsed.ok) {
      const i = parsed.issues[0];
      const more = parsed.issues.length > 1 ? ` (+${parsed.issues.length - 1} more)` : '';
      throw new AppError('invalid_recipe', `invalid recipe ${ref}: ${i.path}: ${i.message}${more}`, {
        file: ref,
        path: i.path,
      });
    }
    return { recipe: parsed.recipe, source: ref };
  }
  const saved = await getRecipeByName({ name: ref });
  if (!saved) throw new AppError('recipe_not_found', `no recipe file or saved recipe named "${ref}"`);
  return { recipe: saved.body, source: `saved recipe "${saved.name}"` };
}

/** Printed by `sift curate --help`; test/recipe-docs.test.ts checks it is a valid recipe. */
export const EXAMPLE_RECIPE = {
  version: 1,
  sft: { minReward: 1, where: [{ metric: 'db_match', op: '==', value: 1 }] },
  dpo: { strategy: 'same-prompt', minGap: 0.5 },
  ppo: { bins: 5, groupBy: 'task' },
  split: { by: 'task', ratio: 0.1, seed: 0 },
};

/** One line per section: short enough for --help, still JSON. */
const compact = (v: unknown) => JSON.stringify(v).replace(/":/g, '": ').replace(/,"/g, ', "');
const exampleText = `{\n${Object.entries(EXAMPLE_RECIPE)
  .map(([k, v]) => `  "${k}": ${compact(v)}`)
  .join(',\n')}\n}`;

const HELP_AFTER = `
A recipe is a JSON file; every field is optional and an omitted one takes its default. For example:

${exampleText}

  sift curate --dataset airline --recipe recipe.json

Every field, with a worked example per section: docs/recipes.md. JSON Schema (for editors):
docs/recipe.schema.json. A misspelt key is an error that names its path ($.sft.minreward).`;

const num = (v: number | null, d = 3): string => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(d));
const int = (v: number): string => v.toLocaleString('en-US');

function printHuman(name: string, source: string, n: number, s: CurationSummary): void {
  const out: string[] = [];
  out.push(`${name}: ${int(n)} rollouts, recipe from ${source}`);
  out.push('');
  out.push(
    `SFT   kept ${int(s.sft.kept)}  dropped ${int(s.sft.dropped)}  tasks ${int(s.sft.tasks)}  reward mean ${num(s.sft.mean)} min ${num(s.sft.min)} max ${num(s.sft.max)}`,
  );
  const d = s.dpo;
  out.push(
    `DPO   ${d.strategy}: ${int(d.pairs)} pairs (${int(d.candidatePairs)} before caps)  gap mean ${num(d.meanGap)} min ${num(d.minGap)} max ${num(d.maxGap)}  gaps >= 0.3: ${int(d.gapsAtLeast03)}  prompts ${int(d.promptsCovered)}${d.truncated ? '  TRUNCATED' : ''}`,
  );
  const p = s.ppo;
  out.push(
    `PPO   ${int(p.count)} rewards  mean ${num(p.mean)} std ${num(p.std)}  zero-variance groups ${int(p.zeroVarianceGroups)} of ${int(p.groups)}  all at max ${int(p.allPassGroups)} all at min ${int(p.allFailGroups)}`,
  );
  out.push(
    `      bins ${p.bins.map((c, i) => `[${num(p.edges[i], 2)}, ${num(p.edges[i + 1], 2)}${i === p.bins.length - 1 ? ']' : ')'} ${c}`).join('  ')}`,
  );
  if (s.split) out.push(`Split ${s.split.names.map((name, i) => `${name} ${int(s.split!.counts[i])}`).join('  ')}`);
  out.push('');
  if (s.redFlags.length === 0) out.push('No red flags.');
  for (const f of s.redFlags) out.push(`${f.level.toUpperCase().padEnd(7)} ${f.rule} ${f.detail}`);
  process.stdout.write(out.join('\n') + '\n');
}

export function registerCurate(program: Command): void {
  program
    .command('curate')
    .description('evaluate a curation recipe on a dataset (SFT, DPO, PPO figures and red flags)')
    .requiredOption('--dataset <name>', 'dataset name')
    .requiredOption('--recipe <file|name>', 'recipe JSON file, or the name of a saved recipe')
    .option('--json', 'machine-readable output')
    .addHelpText('after', HELP_AFTER)
    .action(async (opts: Opts) => {
      const dataset = await getDatasetByName({ name: opts.dataset });
      if (!dataset) throw new AppError('dataset_not_found', `no dataset named "${opts.dataset}" (see: sift datasets)`);
      const { recipe, source } = await readRecipe(opts.recipe);
      const { model } = await loadCurateModel({ datasetId: dataset.id });
      const { summary } = evaluateRecipe(model, recipe);
      if (opts.json || program.opts().json) printJson(summary);
      else printHuman(dataset.name, source, model.n, summary);
    });
}
