/**
 * The Node side of the fidelity suite: import every fixture into a throwaway database and export
 * it in every format through the export core (lib/jobs/export.ts, what `sift export` runs), then
 * record what Sift's own token analysis (`sift tokens`' analyzer) counts for each exported chat row.
 * The result is a plan (plan.json) that check.py reads.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EXPORT_FORMAT_IDS, type ExportFormatId } from '../../lib/export';
import { parseFileAll } from '../../lib/formats/parse-file';
import { isAppError } from '../../lib/errors';
import { runExport } from '../../lib/jobs/export';
import { exportRequestSchema, type ExportRequestInput } from '../../lib/jobs/export-request';
import { importFile } from '../../lib/jobs/import-file';
import type { RolloutInput } from '../../lib/tokenize/analyze';
import { analyzeRollouts } from '../../lib/tokenize/pool';
import { describeTokenizer } from '../../lib/tokenize/registry';

export const TOKENIZERS = ['qwen3', 'llama3'] as const;
const ROOT = path.resolve(import.meta.dirname, '../..');

export interface PlanFile {
  name: string;
  path: string;
  split: string | null;
  rows: number;
  sha256: string;
}

export interface PlanExport {
  source: string;
  dataset: string;
  format: ExportFormatId;
  /** verl SFT layout. */
  mode?: 'multi-turn' | 'single-turn';
  dir: string;
  files: PlanFile[];
  items: number;
  skipped: Record<string, number>;
  /** Why nothing was exported, when nothing was. */
  empty?: string;
  /** Sift's token count per row of each file (file name → counts in file order), per tokenizer. */
  tokens?: Record<string, Record<string, number[]>>;
}

export interface Source {
  /** Shown in the output: path relative to the repo root or to ../shared/fixtures/real. */
  label: string;
  path: string;
}

/** One export per format (verl SFT: per layout) of a dataset, with a recipe that selects something. */
interface Variant {
  format: ExportFormatId;
  mode?: 'multi-turn' | 'single-turn';
  recipe: ExportRequestInput['recipe'];
}

const EVERYTHING = { sft: { minReward: null } };
const VARIANTS: Variant[] = EXPORT_FORMAT_IDS.flatMap((format): Variant[] => {
  if (format === 'verl-sft-parquet' || format === 'verl-sft-csv')
    return [
      { format, mode: 'multi-turn', recipe: EVERYTHING },
      { format, mode: 'single-turn', recipe: EVERYTHING },
    ];
  // KTO: the default threshold (0.95) labels rows desirable and undesirable; pairs: same-prompt pairing.
  if (format === 'kto') return [{ format, recipe: {} }];
  return [{ format, recipe: EVERYTHING }];
});

const DATA_EXT = /\.(jsonl?|parquet|csv)(\.gz)?$/;

/** Data files under a folder; a tau2 dir-format folder (results.json + simulations/) is one source. */
export function collectSources(root: string, labelRoot: string): Source[] {
  const out: Source[] = [];
  const walk = (dir: string) => {
    const names = fs.readdirSync(dir).sort();
    if (names.includes('results.json') && names.includes('simulations')) {
      out.push({ label: path.relative(labelRoot, dir) + '/', path: dir });
      return;
    }
    for (const n of names) {
      const p = path.join(dir, n);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (DATA_EXT.test(n)) out.push({ label: path.relative(labelRoot, p), path: p });
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out;
}

export type ImportResult =
  { ok: true; datasetId: number; rollouts: number; format: string } | { ok: false; reason: string };

export async function importSource(src: Source, index: number): Promise<ImportResult> {
  try {
    const out = await importFile({ path: src.path, datasetName: `fidelity-${index}`, inProcess: true });
    if (out.status !== 'imported') return { ok: false, reason: 'already imported' };
    return { ok: true, datasetId: out.datasetId, rollouts: out.counts.imported, format: out.format };
  } catch (e) {
    if (isAppError(e)) return { ok: false, reason: `${e.code}: ${e.message}` };
    throw e;
  }
}

export async function exportDataset(
  src: Source,
  datasetId: number,
  outRoot: string,
  formats: readonly string[] | null,
): Promise<PlanExport[]> {
  const plans: PlanExport[] = [];
  for (const v of VARIANTS) {
    if (formats && !formats.includes(v.format)) continue;
    const dir = path.join(outRoot, `${datasetId}-${v.format}${v.mode ? `-${v.mode}` : ''}`);
    const request = exportRequestSchema.parse({
      datasetId,
      format: v.format,
      recipe: v.recipe,
      // A held-out share, so files of more than one split are written and checked.
      split: { by: 'ratio', ratio: 0.8, seed: 0 },
      name: `fidelity-${datasetId}-${v.format}`,
      options: v.mode ? { mode: v.mode } : {},
    });
    const plan: PlanExport = {
      source: src.label,
      dataset: String(datasetId),
      format: v.format,
      ...(v.mode ? { mode: v.mode } : {}),
      dir,
      files: [],
      items: 0,
      skipped: {},
    };
    try {
      const out = await runExport({ request, dir, createdAt: '2026-01-01T00:00:00.000Z' });
      plan.items = out.manifest.counts.items;
      plan.skipped = out.manifest.counts.skipped;
      plan.files = out.result.files.map((f) => ({
        name: f.name,
        path: f.path,
        split: f.split ?? null,
        rows: f.rows,
        sha256: f.sha256,
      }));
      if (plan.files.length === 0) plan.empty = 'every selected item was skipped';
    } catch (e) {
      if (!isAppError(e, 'nothing_selected')) throw e;
      plan.empty = e.message;
    }
    plans.push(plan);
  }
  return plans;
}

/** The format module that reads each chat export back, and how its rows line up with the file's. */
const READ_BACK: Partial<Record<ExportFormatId, string>> = { 'openai-chat': 'openai-chat', 'sft-json': 'sft-json' };

/**
 * What Sift's token counts depend on besides the conversation: the analysis code, the tokenizer
 * files and templates, and the JS tokenizer/template packages. Cached counts are keyed by it.
 */
async function tokensCodeKey(): Promise<string> {
  const h = createHash('sha256');
  const dir = path.join(ROOT, 'lib/tokenize');
  for (const f of fs.readdirSync(dir).sort())
    if (f.endsWith('.ts') && !f.endsWith('.test.ts')) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  for (const pkg of ['@huggingface/transformers', '@huggingface/jinja', '@huggingface/tokenizers']) {
    const file = path.join(ROOT, 'node_modules', pkg, 'package.json');
    h.update(pkg).update(fs.existsSync(file) ? String(JSON.parse(fs.readFileSync(file, 'utf8')).version) : '-');
  }
  for (const tk of TOKENIZERS) {
    const d = await describeTokenizer(tk);
    h.update(`${tk}:${d.fingerprint}:${d.templateHash}`);
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * Sift's token counts for every row of the chat exports: the file is read back with Sift's own
 * importer module (what `sift import` does) and analysed with the analyzer `sift tokens` runs
 * (lib/tokenize/pool.ts). check.py compares them with transformers' counts for the same rows.
 * Counts are cached in `cacheDir` by conversation and tokensCodeKey(), so a run only analyses
 * conversations (or analysis code) it has not seen.
 */
export async function addSiftTokenCounts(plans: PlanExport[], cacheDir: string): Promise<{ analysed: number }> {
  const code = await tokensCodeKey();
  const cacheFile = path.join(cacheDir, `sift-tokens-${code}.json`);
  const cache: Record<string, number> = fs.existsSync(cacheFile) ? JSON.parse(fs.readFileSync(cacheFile, 'utf8')) : {};
  const rows: { plan: PlanExport; file: string; key: string }[] = [];
  const todo = new Map<string, RolloutInput>();
  for (const plan of plans) {
    const reader = READ_BACK[plan.format];
    if (!reader) continue;
    for (const f of plan.files) {
      const { rollouts } = await parseFileAll(f.path, { format: reader });
      if (rollouts.length !== f.rows)
        throw new Error(`${f.path}: Sift read back ${rollouts.length} of the ${f.rows} rows it exported`);
      for (const r of rollouts) {
        const key = createHash('sha256')
          .update(JSON.stringify([r.messages, r.tools]))
          .digest('hex');
        rows.push({ plan, file: f.name, key });
        if (TOKENIZERS.some((tk) => cache[`${tk}:${key}`] === undefined))
          todo.set(key, { id: key, contentHash: key, messages: r.messages, tools: r.tools });
      }
    }
  }
  const inputs = [...todo.values()];
  for (const tk of TOKENIZERS) {
    if (inputs.length === 0) break;
    const out = await analyzeRollouts(inputs, { tokenizer: tk });
    out.results.forEach((r, i) => {
      if (!r.ok) throw new Error(`sift tokens failed on an exported row: ${r.error.message}`);
      cache[`${tk}:${inputs[i].id}`] = r.stats.total;
    });
  }
  for (const { plan, file, key } of rows)
    for (const tk of TOKENIZERS) (((plan.tokens ??= {})[tk] ??= {})[file] ??= []).push(cache[`${tk}:${key}`]);
  if (inputs.length > 0) {
    for (const old of fs.readdirSync(cacheDir))
      if (/^sift-tokens-.*\.json$/.test(old)) fs.rmSync(path.join(cacheDir, old));
    fs.writeFileSync(cacheFile, JSON.stringify(cache));
  }
  return { analysed: inputs.length };
}
