/**
 * `sift to-openai --dataset-path FILE --save-dir DIR --split train test [--success-only]`: tau2's
 * `prepare_dataset to-openai`, same layout: SAVE_DIR/<split>_<stem>.jsonl per split, lines
 * {messages, tools, parallel_tool_calls} cut after the last assistant message. The SFT dataset JSON
 * is imported into a throwaway database and exported with the openai-chat writer (split: keep).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { runExport } from '../../lib/jobs/export';
import { AppError, isAppError } from '../../lib/errors';
import { exportRequestSchema } from '../../lib/export/request';
import { printJson } from '../output';
import { importAll, withTempDatabase } from './make';

interface Opts {
  datasetPath: string;
  saveDir: string;
  split: string[];
  successOnly?: boolean;
  json?: boolean;
}

export function registerToOpenAi(program: Command): void {
  program
    .command('to-openai')
    .description(
      'tau2-compatible: a tau2 SFT dataset JSON → SAVE_DIR/<split>_<name>.jsonl in OpenAI chat format (no change to your database)',
    )
    .requiredOption('--dataset-path <file>', 'tau2 SFT dataset JSON ({"splits": {...}})')
    .requiredOption('--save-dir <dir>', 'output folder')
    .option('--split <names...>', 'splits to convert', ['train'])
    .option('--success-only', 'keep only records with reward == 1')
    .option('--json', 'machine-readable output')
    .action(async (opts: Opts) => {
      const json = Boolean(opts.json || program.opts().json);
      if (!fs.existsSync(opts.datasetPath))
        throw new AppError('file_not_found', `--dataset-path ${opts.datasetPath} does not exist`, {
          file: opts.datasetPath,
        });
      for (const s of opts.split)
        if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(s)) throw new AppError('usage', `invalid split name "${s}"`);
      const stem = path.basename(opts.datasetPath).replace(/\.json$/i, '');
      const saveDir = path.resolve(opts.saveDir);
      fs.mkdirSync(saveDir, { recursive: true });
      const written: { split: string; file: string; rows: number }[] = [];
      await withTempDatabase(async () => {
        const datasetId = await importAll([opts.datasetPath], stem, 'sft-json');
        // Written in a scratch folder inside save-dir, then renamed: same file system, atomic.
        const scratch = fs.mkdtempSync(path.join(saveDir, '.sift-to-openai-'));
        try {
          for (const split of opts.split) {
            const request = exportRequestSchema.parse({
              datasetId,
              format: 'openai-chat',
              recipe: { sft: { minReward: opts.successOnly ? 1 : null, splits: [split] } },
              split: { by: 'keep' },
              name: stem,
            });
            let rows = 0;
            try {
              rows = (await runExport({ request, dir: scratch, manifest: false })).manifest.counts.written;
            } catch (e) {
              if (!isAppError(e, 'nothing_selected')) throw e;
              // tau2 writes an empty file when a split has nothing (left); so does Sift.
              fs.writeFileSync(path.join(scratch, `${split}.jsonl`), '');
            }
            written.push({ split, file: path.join(saveDir, `${split}_${stem}.jsonl`), rows });
          }
          // Only once every split was written: a failing split leaves no file behind.
          for (const w of written) fs.renameSync(path.join(scratch, `${w.split}.jsonl`), w.file);
        } finally {
          fs.rmSync(scratch, { recursive: true, force: true });
        }
      });
      if (json) return printJson({ files: written });
      for (const w of written) process.stdout.write(`${w.file}: ${w.rows} lines\n`);
    });
}
