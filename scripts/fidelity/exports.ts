/**
 * The Node side of the fidelity suite: import every fixture into a throwaway database and export
 * it in every format through the export core (lib/jobs/export.ts, what `sift export` runs), then
 * record what `sift tokens` counts for the rollout behind each exported chat row.
 * The result is a plan (plan.json) that check.py reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXPORT_FORMAT_IDS, type ExportFormatId } from '../../lib/export';
import { isAppError } from '../../lib/errors';
import { runExport } from '../../lib/jobs/export';
import { exportRequestSchema, type ExportRequestInput } from '../../lib/export/request';
import { importFile } from '../../lib/jobs/import-file';
import { streamRollouts } from '../../lib/db/rollout-stream';
import { runTokenAnalysis, tokensPayloadSchema } from '../../lib/jobs/tokens';
import type { ShapeFormatId } from '../../lib/token-report/shape';
import { conversationFor } from '../../lib/tokenize/export-shape';
import { templateMessage } from '../../lib/tokenize/hf-messages';
import { TokenizerPool } from '../../lib/tokenize/pool';

export const TOKENIZERS = ['qwen3', 'llama3'] as const;

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
  /** `sift tokens`' count per row of each file (file name → counts in file order), per tokenizer. */
  tokens?: Record<string, Record<string, (number | null)[]>>;
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

/** The chat exports whose rows check.py compares with `sift tokens`, by format. */
const TOKEN_FORMATS: readonly ExportFormatId[] = ['openai-chat', 'sft-json'];

/** The conversation as the template receives it, for matching an exported row with a rollout. */
function conversationKey(messages: readonly { role: string }[], tools: unknown): string {
  return JSON.stringify([messages.map((m) => templateMessage(m)), tools ?? null]);
}

/** The rows of a chat export file, as (messages, tools as the template gets them). */
function exportedRows(format: ExportFormatId, file: string): { messages: { role: string }[]; tools?: unknown }[] {
  const text = fs.readFileSync(file, 'utf8');
  if (format === 'sft-json') {
    const doc = JSON.parse(text) as { splits: Record<string, { messages: { role: string }[]; tools: unknown }[]> };
    return Object.values(doc.splits).flat();
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { messages: { role: string }[]; tools?: unknown });
}

/**
 * `sift tokens` for the rows of the chat exports: the dataset's token analysis for that export
 * format (runTokenAnalysis, what `sift tokens --format` runs: it renders the conversation the
 * export writes), per rollout; each exported row is matched with the rollout whose analysed
 * conversation it is. check.py compares these counts with transformers' counts of the rows as
 * written. A row no rollout's analysed conversation equals gets null (check.py fails it).
 */
export async function addSiftTokenCounts(plans: PlanExport[]): Promise<{ analysed: number }> {
  const pools = new Map(TOKENIZERS.map((tk) => [tk, TokenizerPool.start({ tokenizer: tk })]));
  let analysed = 0;
  try {
    for (const plan of plans) {
      if (!TOKEN_FORMATS.includes(plan.format) || plan.files.every((f) => f.rows === 0)) continue;
      const datasetId = Number(plan.dataset);
      const totals = new Map<string, Map<number, number>>();
      let ids: Int32Array | null = null;
      for (const tk of TOKENIZERS) {
        const payload = tokensPayloadSchema.parse({ datasetId, tokenizer: tk, shape: { format: plan.format } });
        try {
          const { columns } = await runTokenAnalysis(payload, { pool: pools.get(tk) });
          ids = columns.ids;
          totals.set(tk, new Map(Array.from(columns.ids, (id, i) => [id, columns.total[i]])));
          analysed += columns.n;
        } catch (e) {
          // e.g. "no rollout has a conversation in this format": every row then fails in check.py.
          if (!isAppError(e)) throw e;
          totals.set(tk, new Map());
        }
      }
      // Analysed rollouts → the conversation each one was analysed as.
      const byConversation = new Map<string, number>();
      let k = 0;
      for await (const rollout of streamRollouts({ ids: ids ?? [], missing: 'throw' })) {
        const c = conversationFor(rollout, { format: plan.format as ShapeFormatId });
        if (c) byConversation.set(JSON.stringify([c.messages, c.tools]), ids![k]);
        k++;
      }
      plan.tokens = {};
      for (const f of plan.files) {
        const rows = exportedRows(plan.format, f.path);
        for (const tk of TOKENIZERS)
          (plan.tokens[tk] ??= {})[f.name] = rows.map((r) => {
            const id = byConversation.get(conversationKey(r.messages, r.tools));
            return id === undefined ? null : (totals.get(tk)!.get(id) ?? null);
          });
      }
    }
  } finally {
    for (const pool of pools.values()) await pool.close();
  }
  return { analysed };
}
