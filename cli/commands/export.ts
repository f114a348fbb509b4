/**
 * `sift export --dataset NAME --format ID --out DIR [--recipe FILE|NAME] [--min-reward X]
 * [--success-only] [--split task|prompt|ratio:0.9|keep] [--seed N] [--json]` and `sift export --list`.
 * Defaults (split rule, held-out split name) come from lib/export/defaults.ts, as in the exports page.
 * Runs the export core (lib/jobs/export.ts) in this process: the same selection the exports page
 * previews, the same writer, manifest.json beside the files.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseRecipe, type Recipe } from '../../lib/curation';
import { getDatasetByName, hasTaskIds } from '../../lib/db/datasets';
import { getRecipeByName } from '../../lib/db/recipes';
import { EXPORT_FORMAT_IDS, exportFormats, type ExportFormatId } from '../../lib/export';
import { runExport, type ExportProgress, type RunExportOutcome } from '../../lib/jobs/export';
import { AppError } from '../../lib/errors';
import {
  DEFAULT_SPLIT_SEED,
  DEFAULT_TRAIN_SHARE,
  defaultSplitRule,
  heldOutHelp,
  SPLIT_BY_WHY,
} from '../../lib/export/defaults';
import { describeSplit, exportRequestSchema, type SplitRule } from '../../lib/export/request';
import { printJson, printTable } from '../output';

interface Opts {
  dataset?: string;
  format?: string;
  out?: string;
  recipe?: string;
  minReward?: string;
  successOnly?: boolean;
  split?: string;
  seed: string;
  stratify?: boolean;
  ktoLabel?: string;
  systemPrompt?: string;
  dataSource?: string;
  groundTruthField?: string;
  name?: string;
  list?: boolean;
  json?: boolean;
}

/** `task`, `prompt`, `keep`, `ratio`, optionally `:<train share>` (task:0.8, ratio:0.9). */
export function parseSplitArg(value: string, seed: number, stratify = false): SplitRule {
  const m = /^(task|prompt|ratio|keep)(?::([0-9.]+))?$/.exec(value.trim());
  if (!m)
    throw new AppError('usage', `--split must be task, prompt, keep or ratio[:share] (e.g. ratio:0.9), got "${value}"`);
  const ratio = m[2] === undefined ? DEFAULT_TRAIN_SHARE : Number(m[2]);
  if (!(ratio >= 0 && ratio <= 1)) throw new AppError('usage', `--split share must be between 0 and 1, got "${m[2]}"`);
  return { by: m[1] as SplitRule['by'], ratio, seed, stratify };
}

export function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1)
    throw new AppError('usage', `--seed must be a non-negative integer, got "${value}"`);
  return n;
}

async function loadRecipe(arg: string | undefined): Promise<Recipe> {
  if (!arg) return {};
  if (fs.existsSync(arg) && fs.statSync(arg).isFile()) {
    const parsed = parseRecipe(fs.readFileSync(arg, 'utf8'));
    if (!parsed.ok)
      throw new AppError('usage', `${arg}: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
        file: arg,
      });
    return parsed.recipe;
  }
  const saved = await getRecipeByName({ name: arg });
  if (!saved) throw new AppError('usage', `--recipe: no file and no saved recipe called "${arg}"`);
  return saved.body;
}

/** One self-overwriting progress line on stderr. */
export function progressLine(label: string) {
  let last = 0;
  return {
    update(p: ExportProgress) {
      const now = Date.now();
      if (now - last < 100 && p.records < p.total) return;
      last = now;
      const filled = Math.round(p.fraction * 24);
      process.stderr.write(
        `\r\x1b[2K${label} [${'#'.repeat(filled)}${' '.repeat(24 - filled)}] ${Math.round(p.fraction * 100)}% ${p.records}/${p.total}`,
      );
    },
    clear: () => process.stderr.write('\r\x1b[2K'),
  };
}

export function printFiles(out: RunExportOutcome): void {
  printTable(
    out.manifest.files.map((f) => ({
      file: f.name,
      split: f.split ?? null,
      rows: f.rows,
      bytes: f.bytes,
      sha256: f.sha256.slice(0, 16),
    })),
    [
      { key: 'file', label: 'FILE' },
      { key: 'split', label: 'SPLIT' },
      { key: 'rows', label: 'ROWS', align: 'right' },
      { key: 'bytes', label: 'BYTES', align: 'right' },
      { key: 'sha256', label: 'SHA256' },
    ],
  );
  const skipped = Object.entries(out.manifest.counts.skipped);
  if (skipped.length) process.stdout.write(`skipped: ${skipped.map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write a curated dataset as training files (see --list) with a manifest.json')
    .option('--dataset <name>', 'dataset to export')
    .option('--format <id>', `output format: ${EXPORT_FORMAT_IDS.join(', ')}`)
    .option('--out <dir>', 'folder to write into (created when missing)')
    .option(
      '--recipe <file|name>',
      'curation recipe: a JSON file or the name of a saved recipe (default: the default recipe, reward >= 0.95)',
    )
    .option('--min-reward <x>', 'keep rollouts with reward >= x (overrides the recipe)')
    .option('--success-only', 'keep only rollouts marked successful (overrides the recipe)')
    .option(
      '--split <rule>',
      `task | prompt | keep | ratio[:train share], e.g. ratio:0.9 or task:0.8 (default: task:${DEFAULT_TRAIN_SHARE} when the dataset has task ids, else prompt:${DEFAULT_TRAIN_SHARE})`,
    )
    .option('--seed <n>', 'split seed', String(DEFAULT_SPLIT_SEED))
    .option('--stratify', 'ratio split: exact shares within each reward bucket')
    .option('--kto-label <how>', 'kto: recipe (passes the recipe = desirable) or success')
    .option('--system-prompt <how>', "auto (tau2 rollouts get tau2's SFT system prompt) or data")
    .option(
      '--data-source <name>',
      "verl: the data_source column, which verl's reward routing reads (default: each rollout's source, e.g. tau2/airline, nemo-gym/<agent>, else the dataset name; see docs/verl.md)",
    )
    .option(
      '--ground-truth-field <meta.path>',
      "verl: reward_model.ground_truth from this field of the rollout's meta, e.g. meta.fields.expected_answer (verl-rl-parquet skips prompts without it)",
    )
    .option('--name <name>', 'name recorded for the export (default DATASET-FORMAT)')
    .option('--list', 'list the output formats and exit')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      [
        '',
        'Split rules:',
        ...(['task', 'prompt', 'ratio', 'keep'] as const).map((k) => `  ${k.padEnd(6)}  ${SPLIT_BY_WHY[k]}`),
        '',
        'The held-out split each format writes (the rest is train):',
        heldOutHelp(),
      ].join('\n'),
    )
    .action(async (opts: Opts) => {
      const json = Boolean(opts.json || program.opts().json);
      if (opts.list) {
        if (json) printJson({ formats: exportFormats });
        else
          printTable(
            exportFormats.map((f) => ({
              id: f.id,
              kind: f.kind,
              files: f.extensions.join(','),
              description: f.description,
            })),
            [
              { key: 'id', label: 'ID' },
              { key: 'kind', label: 'KIND' },
              { key: 'files', label: 'FILES' },
              { key: 'description', label: 'DESCRIPTION' },
            ],
          );
        return;
      }
      if (!opts.dataset || !opts.format || !opts.out)
        throw new AppError('usage', 'sift export needs --dataset, --format and --out (or --list)');
      if (!(EXPORT_FORMAT_IDS as readonly string[]).includes(opts.format))
        throw new AppError('usage', `unknown --format "${opts.format}"; one of ${EXPORT_FORMAT_IDS.join(', ')}`);
      const format = opts.format as ExportFormatId;
      const dataset = await getDatasetByName({ name: opts.dataset });
      if (!dataset) throw new AppError('dataset_not_found', `no dataset called "${opts.dataset}" (see sift datasets)`);
      const recipe = await loadRecipe(opts.recipe);
      if (opts.minReward !== undefined || opts.successOnly) {
        const minReward = opts.minReward === undefined ? recipe.sft?.minReward : Number(opts.minReward);
        if (minReward !== undefined && minReward !== null && !Number.isFinite(minReward))
          throw new AppError('usage', `--min-reward must be a number, got "${opts.minReward}"`);
        recipe.sft = {
          ...recipe.sft,
          ...(minReward === undefined ? {} : { minReward }),
          ...(opts.successOnly ? { successOnly: true } : {}),
        };
      }
      const parsed = exportRequestSchema.safeParse({
        datasetId: dataset.id,
        format,
        recipe,
        split:
          opts.split === undefined
            ? {
                ...defaultSplitRule({ hasTaskIds: await hasTaskIds({ datasetId: dataset.id }) }),
                seed: parseSeed(opts.seed),
                stratify: Boolean(opts.stratify),
              }
            : parseSplitArg(opts.split, parseSeed(opts.seed), Boolean(opts.stratify)),
        name: opts.name ?? `${dataset.name}-${format}`,
        options: {
          ...(opts.ktoLabel ? { ktoLabel: opts.ktoLabel } : {}),
          ...(opts.systemPrompt ? { systemPrompt: opts.systemPrompt } : {}),
          ...(opts.dataSource !== undefined ? { dataSource: opts.dataSource } : {}),
          ...(opts.groundTruthField !== undefined ? { groundTruthField: opts.groundTruthField } : {}),
        },
      });
      if (!parsed.success)
        throw new AppError(
          'usage',
          `invalid export: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      const bar = !json && process.stderr.isTTY ? progressLine(format) : null;
      const started = Date.now();
      let out: RunExportOutcome;
      try {
        out = await runExport({ request: parsed.data, dir: path.resolve(opts.out), onProgress: bar?.update });
      } catch (e) {
        bar?.clear();
        throw e;
      }
      bar?.clear();
      if (json) {
        printJson({ dir: out.dir, workers: out.workers, manifest: out.manifest });
        return;
      }
      const c = out.manifest.counts;
      const threads = out.workers > 0 ? `, encoded on ${out.workers} worker threads` : '';
      process.stdout.write(
        `${dataset.name} → ${out.dir} as ${format} (${((Date.now() - started) / 1000).toFixed(1)} s${threads})\n`,
      );
      process.stdout.write(
        `  ${c.items} ${out.preview.kind === 'preference' ? 'pairs' : 'rollouts'} selected, ${c.written} records written; split ${describeSplit(format, parsed.data.split)}\n`,
      );
      printFiles(out);
      process.stdout.write(`manifest: ${out.manifestPath}\n`);
    });
}
