/**
 * `sift tokens --dataset NAME --tokenizer qwen3|llama3|PATH [...]`: truncation analysis in this
 * process (no job), with the options of tau2's truncation_optimization.py. Per-rollout results go
 * to the TokenCount cache, so a second run is instant.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { getDatasetByName } from '../../lib/db/datasets';
import { AppError } from '../../lib/errors';
import {
  runTokenAnalysis,
  tokensPayloadSchema,
  type TokenAnalysisProgress,
  type TokensPayload,
} from '../../lib/jobs/tokens';
import { MASK_LABELS } from '../../lib/token-report/masks';
import { ANALYSABLE_FORMATS } from '../../lib/token-report/shape';
import type { TokenAnalysisResult } from '../../lib/token-stats/analysis';
import { printJson, printTable } from '../output';
import { svgToPng } from '../svg-to-png';
import { tokensFigureSvg } from './tokens-figure';

interface Opts {
  dataset: string;
  tokenizer: string;
  chatTemplate?: string;
  numSamples?: string;
  seed: string;
  removeSystemMessages?: boolean;
  numSteps: string;
  lossBudget: string;
  mask: string;
  format: string;
  maxLength?: string;
  output?: string;
  json?: boolean;
}

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new AppError('usage', `--${name} must be an integer >= ${min} (got "${v}")`);
  return n;
}

/** The --json shape (documented in the issue; stable for scripts). */
export function toCliJson(r: TokenAnalysisResult) {
  const s = (k: keyof TokenAnalysisResult['stats']) => {
    const { mean, std, p50, p95, max } = r.stats[k];
    return { mean, std, p50, p95, max };
  };
  const mask = r.options.mask;
  const lost = (t: TokenAnalysisResult['truncation'][number]) =>
    mask === 'last' ? t.lostLast : mask === 'completion' ? t.lostCompletion : t.lostAll;
  const zero = (t: TokenAnalysisResult['truncation'][number]) =>
    mask === 'last' ? t.zeroTrainedLast : mask === 'completion' ? t.zeroTrainedCompletion : t.zeroTrainedAll;
  return {
    tokenizer: r.tokenizer,
    templateHash: r.templateHash,
    rollouts: r.rollouts,
    totalTokens: r.totalTokens,
    stats: { total: s('total'), system: s('system'), assistant: s('assistant'), conversation: s('conversation') },
    truncation: r.truncation.map((t) => ({
      maxLength: t.maxLength,
      assistantTokensLost: lost(t),
      examplesTruncated: t.truncated,
      zeroTrainable: zero(t),
    })),
    recommendedMaxLength: r.recommendedMaxLength,
  };
}

function progressBar() {
  let last = 0;
  const width = 24;
  return {
    update(p: TokenAnalysisProgress) {
      const now = Date.now();
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      const f = p.total === 0 ? 1 : p.done / p.total;
      const filled = Math.round(f * width);
      const cached = p.cached ? ` (${p.cached} cached)` : '';
      process.stderr.write(
        `\r\x1b[2Ktokens [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(f * 100)}% ${p.done}/${p.total} rollouts${cached}`,
      );
    },
    clear: () => process.stderr.write('\r\x1b[2K'),
  };
}

function writeFigure(r: TokenAnalysisResult, output: string): string {
  const file = path.resolve(output);
  const svg = tokensFigureSvg(r);
  if (/\.png$/i.test(file)) {
    const size = svgSize(svg);
    const png = svgToPng(svg, size.width, size.height, file);
    if (png.ok) return file;
    const svgFile = file.replace(/\.png$/i, '.svg');
    process.stderr.write(
      `sift: cannot write PNG: ${png.reason}. Writing SVG to ${svgFile} instead (the app's Tokens page also downloads PNGs).\n`,
    );
    fs.mkdirSync(path.dirname(svgFile), { recursive: true });
    fs.writeFileSync(svgFile, svg);
    return svgFile;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, svg);
  return file;
}

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"/.exec(svg);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : { width: 1260, height: 640 };
}

function fractionOf(r: TokenAnalysisResult, t: TokenAnalysisResult['truncation'][number]): number {
  const m = r.options.mask;
  return m === 'last' ? t.lostLastFraction : m === 'completion' ? t.lostCompletionFraction : t.lostAllFraction;
}

function printHuman(r: TokenAnalysisResult, seconds: number): void {
  const out = process.stdout;
  out.write(
    `${r.datasetName}: ${r.rollouts} of ${r.datasetRollouts} rollouts with ${r.tokenizer}${r.isCustomTemplate ? ' + custom template' : ''}`,
  );
  out.write(` (template ${r.templateHash.slice(0, 12)}; ${r.cached} cached; ${seconds.toFixed(1)} s)\n`);
  out.write(`  measured: ${r.shapeDescription}\n`);
  if (r.skipped) out.write(`  ${r.skipped} rollouts left out: the export writes no conversation for them\n`);
  if (r.failed) out.write(`  ${r.failed} rollouts failed, e.g. #${r.errors[0]?.rolloutId}: ${r.errors[0]?.message}\n`);
  for (const w of r.warnings) out.write(`  warning: ${w}\n`);
  out.write(`total tokens ${r.totalTokens.toLocaleString('en-US')}\n\n`);
  printTable(
    (['total', 'system', 'assistant', 'conversation'] as const).map((k) => ({
      tokens: k,
      mean: r.stats[k].mean.toFixed(1),
      std: r.stats[k].std.toFixed(1),
      p50: Math.round(r.stats[k].p50),
      p95: Math.round(r.stats[k].p95),
      max: r.stats[k].max,
    })),
    [
      { key: 'tokens', label: 'TOKENS' },
      ...(['mean', 'std', 'p50', 'p95', 'max'] as const).map((key) => ({
        key,
        label: key.toUpperCase(),
        align: 'right' as const,
      })),
    ],
  );
  out.write('\n');
  printTable(
    toCliJson(r).truncation.map((t) => ({
      ...t,
      lostPct: `${(
        fractionOf(
          r,
          r.truncation.find((s) => s.maxLength === t.maxLength)!,
        ) * 100
      ).toFixed(2)}%`,
    })),
    [
      { key: 'maxLength', label: 'MAX_LENGTH', align: 'right' },
      { key: 'assistantTokensLost', label: 'TRAINED LOST', align: 'right' },
      { key: 'lostPct', label: 'LOST %', align: 'right' },
      { key: 'examplesTruncated', label: 'TRUNCATED', align: 'right' },
      { key: 'zeroTrainable', label: 'ZERO TRAINED', align: 'right' },
    ],
  );
  out.write(
    `\nrecommended max_length: ${r.recommendedMaxLength} (≤ ${(r.options.lossBudget * 100).toFixed(2)}% of the tokens trained on ${MASK_LABELS[r.options.mask]} lost)\n`,
  );
  out.write(
    `examples with zero trained tokens at ${r.zeroTrained.maxLength}: ${r.zeroTrained.count}${r.zeroTrained.count ? ` (ids ${r.zeroTrained.ids.slice(0, 10).join(', ')}${r.zeroTrained.count > 10 ? ', …' : ''})` : ''}\n`,
  );
}

export function registerTokens(program: Command): void {
  program
    .command('tokens')
    .description(
      'token counts and truncation analysis (recommended max_length) with a real tokenizer and chat template',
    )
    .requiredOption('--dataset <name>', 'dataset to analyse')
    .requiredOption(
      '--tokenizer <id|path>',
      'qwen3, llama3, or a folder with tokenizer.json + tokenizer_config.json (HF cache snapshots work)',
    )
    .option('--chat-template <file>', 'Jinja chat template that overrides the tokenizer’s own')
    .option('--num-samples <n>', 'analyse a seeded sample of n rollouts (default: all)')
    .option('--seed <n>', 'sampling seed', '0')
    .option('--remove-system-messages', 'drop system messages before rendering')
    .option('--num-steps <n>', 'number of max_length steps', '20')
    .option('--loss-budget <fraction>', 'allowed share of trained tokens lost, for the recommendation', '0.01')
    .option(
      '--mask <all|last|completion>',
      'trained tokens: all assistant turns, the last one, or the whole completion after the prompt',
      'all',
    )
    .option(
      '--format <id>',
      `count the conversations this export format writes (${ANALYSABLE_FORMATS.join(', ')})`,
      'openai-chat',
    )
    .option('--max-length <n>', 'max_length to count zero-trained examples at (default: the recommended one)')
    .option('--output <file>', 'write the five-panel figure: .png (rendered with a local headless Chromium) or .svg')
    .option('--json', 'machine-readable output')
    .action(async (opts: Opts) => {
      const json = Boolean(opts.json || program.opts().json);
      const dataset = await getDatasetByName({ name: opts.dataset });
      if (!dataset)
        throw new AppError('dataset_not_found', `no dataset named "${opts.dataset}" (see \`sift datasets\`)`);
      if (opts.mask !== 'all' && opts.mask !== 'last' && opts.mask !== 'completion')
        throw new AppError('usage', `--mask must be "all", "last" or "completion" (got "${opts.mask}")`);
      if (!(ANALYSABLE_FORMATS as string[]).includes(opts.format))
        throw new AppError(
          'usage',
          `--format must be one of ${ANALYSABLE_FORMATS.join(', ')} (got "${opts.format}"; the others carry no per-rollout conversation)`,
        );
      const lossBudget = Number(opts.lossBudget);
      if (!(lossBudget >= 0 && lossBudget <= 1))
        throw new AppError('usage', `--loss-budget must be a fraction between 0 and 1 (got "${opts.lossBudget}")`);
      let chatTemplate: string | undefined;
      if (opts.chatTemplate) {
        try {
          chatTemplate = fs.readFileSync(opts.chatTemplate, 'utf8');
        } catch (e) {
          throw new AppError(
            'unreadable',
            `cannot read the chat template ${opts.chatTemplate}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
            { file: opts.chatTemplate },
          );
        }
      }
      const payload: TokensPayload = tokensPayloadSchema.parse({
        datasetId: dataset.id,
        shape: { format: opts.format },
        datasetName: dataset.name,
        tokenizer: opts.tokenizer,
        chatTemplate,
        chatTemplateName: opts.chatTemplate ? path.basename(opts.chatTemplate) : undefined,
        numSamples: int('num-samples', opts.numSamples, 1),
        seed: int('seed', opts.seed, 0) ?? 0,
        removeSystemMessages: Boolean(opts.removeSystemMessages),
        numSteps: int('num-steps', opts.numSteps, 2) ?? 20,
        lossBudget,
        mask: opts.mask,
        maxLength: int('max-length', opts.maxLength, 1),
      });
      const bar = process.stderr.isTTY ? progressBar() : null;
      const t0 = performance.now();
      let result: TokenAnalysisResult;
      try {
        result = (await runTokenAnalysis(payload, { onProgress: bar?.update })).result;
      } catch (e) {
        bar?.clear();
        throw e; // an AppError's line is added by cliErrorLine (cli/output.ts)
      }
      bar?.clear();
      const file = opts.output ? writeFigure(result, opts.output) : null;
      if (json) printJson(toCliJson(result));
      else printHuman(result, (performance.now() - t0) / 1000);
      if (file && !json) process.stdout.write(`figure: ${file}\n`);
    });
}
