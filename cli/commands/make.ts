/**
 * `sift make --result-dir DIR | --result-paths FILE... --save-dir DIR --name NAME [--success-only]`:
 * tau2's `prepare_dataset make`, same output layout: SAVE_DIR/NAME.json = {"splits":{"train":[…],
 * "test":[…]}} records {messages, tools, task_id, simulation_id, reward} with tau2's SFT system
 * prompt. The results are imported into a throwaway database (never the user's) and exported
 * with the sft-json writer.
 *
 * Differences from tau2: tau2 reads the domain's own train/test task lists; Sift has no domain
 * registry, so tasks are split by a seeded hash of the task id (--split task:0.9 by default; no
 * task lands in both splits). Like any Sift import, identical simulations are stored once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { closeDb, getDb } from '../../lib/db/client';
import { getEnv, setEnv } from '../../lib/env';
import { runExport } from '../../lib/jobs/export';
import { DEFAULT_TRAIN_SHARE } from '../../lib/export/defaults';
import { exportRequestSchema } from '../../lib/export/request';
import { importFile, ImportError } from '../../lib/jobs/import-file';
import { AppError } from '../../lib/errors';
import { printJson } from '../output';
import { parseSeed, parseSplitArg, printFiles } from './export';

/** Runs `fn` against a fresh temporary database, then restores the previous one and deletes it. */
export async function withTempDatabase<T>(fn: () => Promise<T>): Promise<T> {
  const previous = getEnv();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-tmpdb-'));
  await closeDb();
  setEnv({ SIFT_DB: path.join(tmp, 'sift.db'), SIFT_EXPORTS_DIR: path.join(tmp, 'exports') });
  try {
    getDb();
    return await fn();
  } finally {
    await closeDb();
    setEnv({ SIFT_DB: previous.dbPath, SIFT_EXPORTS_DIR: previous.exportsDir });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Imports files into dataset `name` of the current database; returns the dataset id. */
export async function importAll(files: string[], name: string, format?: string): Promise<number> {
  let datasetId: number | undefined;
  for (const f of files) {
    try {
      const out = await importFile({ path: path.resolve(f), datasetName: name, format, force: true });
      if (out.status === 'imported') datasetId = out.datasetId;
    } catch (e) {
      if (e instanceof ImportError) throw new AppError(e.code, `${f}: ${e.message}`, { file: f });
      throw e;
    }
  }
  if (datasetId === undefined) throw new AppError('no_rollouts', 'nothing was imported');
  return datasetId;
}

interface Opts {
  resultDir?: string;
  resultPaths?: string[];
  saveDir: string;
  name: string;
  successOnly?: boolean;
  split: string;
  seed: string;
  json?: boolean;
}

export function registerMake(program: Command): void {
  program
    .command('make')
    .description(
      "tau2-compatible: results files → SAVE_DIR/NAME.json in tau2's SFT dataset layout (no change to your database)",
    )
    .option('--result-dir <dir>', 'folder of tau2 results *.json files')
    .option('--result-paths <files...>', 'tau2 results files')
    .requiredOption('--save-dir <dir>', 'output folder')
    .requiredOption('--name <name>', 'dataset name: writes NAME.json')
    .option('--success-only', 'keep only simulations with reward == 1')
    .option('--split <rule>', 'how tasks become train/test (see sift export)', `task:${DEFAULT_TRAIN_SHARE}`)
    .option('--seed <n>', 'split seed', '0')
    .option('--json', 'machine-readable output')
    .action(async (opts: Opts) => {
      const json = Boolean(opts.json || program.opts().json);
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/.test(opts.name))
        throw new AppError('usage', '--name must be a plain file name (letters, digits, . _ -)');
      let files = opts.resultPaths ?? [];
      if (opts.resultDir) {
        if (!fs.existsSync(opts.resultDir))
          throw new AppError('file_not_found', `--result-dir ${opts.resultDir} does not exist`, {
            file: opts.resultDir,
          });
        files = [
          ...files,
          ...fs
            .readdirSync(opts.resultDir)
            .filter((f) => f.endsWith('.json'))
            .sort()
            .map((f) => path.join(opts.resultDir!, f)),
        ];
      }
      if (files.length === 0) throw new AppError('usage', 'give --result-dir DIR or --result-paths FILE...');
      const split = parseSplitArg(opts.split, parseSeed(opts.seed));
      const saveDir = path.resolve(opts.saveDir);
      const out = await withTempDatabase(async () => {
        const datasetId = await importAll(files, opts.name);
        const request = exportRequestSchema.parse({
          datasetId,
          format: 'sft-json',
          recipe: { sft: { minReward: opts.successOnly ? 1 : null } },
          split,
          name: opts.name,
          options: { fileName: `${opts.name}.json`, splits: ['train', split.heldOut ?? 'test'] },
        });
        return await runExport({ request, dir: saveDir, manifest: false });
      });
      if (json)
        return printJson({
          file: path.join(saveDir, `${opts.name}.json`),
          splits: out.manifest.counts.perSplit,
          files: out.manifest.files,
        });
      process.stdout.write(
        `${path.join(saveDir, `${opts.name}.json`)}: ${JSON.stringify(out.manifest.counts.perSplit)}\n`,
      );
      printFiles(out);
    });
}
