/**
 * "Count what the export writes": for every export format that carries conversations, a token
 * analysis of that format counts, rollout for rollout, the tokens of the line the export writes,
 * rendered the way a trainer renders it (apply_chat_template(messages, tools=line tools)) and
 * encoded by the plain full encode (not the analysis' cached one). Datasets: tau2 results (the
 * SFT system prompt rebuilt as `<instructions>…</instructions>\n<policy>…</policy>`) and NeMo-Gym
 * tool-calling rollouts with same-prompt groups (for the preference formats).
 */
import fs from 'node:fs';
import path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/lib/db/client';
import { getTokenTotals } from '@/lib/db/token-cache';
import { setEnv } from '@/lib/env';
import { MANIFEST_NAME, parseManifest } from '@/lib/export';
import type { ExportFormatId } from '@/lib/export/formats';
import { runExport } from '@/lib/jobs/export';
import { exportRequestSchema } from '@/lib/export/request';
import { importFile } from '@/lib/jobs/import-file';
import { createJob, getJob } from '@/lib/db/jobs';
import type { TokenAnalysisResult } from '@/lib/token-stats/analysis';
import { runJobWith } from '@/lib/jobs/run-in-process';
import { runTokenAnalysis, runTokensJob } from '@/lib/jobs/tokens';
import { tokensPayloadSchema } from '@/lib/jobs/tokens-payload';
import { ANALYSABLE_FORMATS } from '@/lib/token-report/shape';
import { templateMessage } from '@/lib/tokenize/hf-messages';
import { encodeText } from '@/lib/tokenize/offsets';
import { TokenizerPool } from '@/lib/tokenize/pool';
import { loadTokenizer, type LoadedTokenizer } from '@/lib/tokenize/registry';
import { renderHf } from '@/lib/tokenize/template';
import { makeDataset, tmpDir } from './export-fixtures';

let work: string;
let pool: TokenizerPool;
let qwen: LoadedTokenizer;
const datasets: Record<string, number> = {};

beforeAll(async () => {
  work = tmpDir('sift-tokens-export-');
  setEnv({ SIFT_EXPORTS_DIR: path.join(work, 'exports') });
  getDb();
  pool = TokenizerPool.start({ tokenizer: 'qwen3' });
  qwen = await loadTokenizer('qwen3');
  const tau2 = await importFile({ path: 'test/fixtures/tau2/results-mini.json', datasetName: 'tok-tau2' });
  if (tau2.status !== 'imported') throw new Error('tau2 fixture import failed');
  datasets.tau2 = tau2.datasetId;
  datasets.gym = await makeDataset('tok-gym', 48);
}, 120_000);
afterAll(async () => {
  await pool.close();
  await closeDb();
  fs.rmSync(work, { recursive: true, force: true });
});

type Line = { messages: { role: string }[]; tools?: unknown[] | null };

/** Tokens of a conversation as a trainer renders the exported line. */
function count(messages: { role: string }[], tools: unknown[] | null | undefined): number {
  const text = renderHf(qwen, messages.map(templateMessage), tools ?? null);
  return encodeText(qwen.tokenizer, text).count;
}

/**
 * Analyses the dataset as `format` in a `tokens` job (so it is the latest analysis an export finds),
 * on the shared warm pool; returns the result and its per-rollout totals by external id.
 */
async function analysed(datasetId: number, format: ExportFormatId) {
  const payload = tokensPayloadSchema.parse({ datasetId, tokenizer: 'qwen3', shape: { format } });
  const job = await createJob({ kind: 'tokens', payload });
  await runJobWith(job.id, () => (ctx) => runTokensJob(ctx, { pool }));
  const result = (await getJob({ id: job.id }))!.result as TokenAnalysisResult;
  const totals = getTokenTotals({ datasetId, scope: result.cacheScope });
  const ext = getDb().raw.prepare(`SELECT id, externalId FROM "Rollout" WHERE datasetId = ?`).all(datasetId) as {
    id: number;
    externalId: string;
  }[];
  const byExternal = new Map<string, number>();
  for (const r of ext) if (totals.has(r.id)) byExternal.set(r.externalId, totals.get(r.id)!);
  return { result, byExternal };
}

async function exported(datasetId: number, format: ExportFormatId) {
  const preference = format === 'trl-preference' || format === 'dpo-pairs';
  const request = exportRequestSchema.parse({
    datasetId,
    format,
    recipe: preference ? { dpo: { strategy: 'same-prompt', minGap: 0.1 } } : { sft: { minReward: null } },
    split: { by: 'ratio', ratio: 0.5, seed: 3 },
    name: `${format}-${datasetId}`,
  });
  const dir = path.join(work, `${format}-${datasetId}`);
  await runExport({ request, dir });
  const files = fs.readdirSync(dir).filter((f) => f !== MANIFEST_NAME);
  return { dir, files, manifest: parseManifest(fs.readFileSync(path.join(dir, MANIFEST_NAME), 'utf8')) };
}

const jsonl = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

const CASES: [string, ExportFormatId][] = [];
for (const format of ANALYSABLE_FORMATS) {
  if (format !== 'trl-preference' && format !== 'dpo-pairs') CASES.push(['tau2', format]);
  CASES.push(['gym', format]);
}

describe('a token analysis counts exactly what the export writes', () => {
  it('covers every export format that carries per-rollout conversations', () => {
    expect([...ANALYSABLE_FORMATS].sort()).toEqual(
      [
        'dpo-pairs',
        'kto',
        'openai-chat',
        'rollouts-jsonl',
        'sft-json',
        'trl-preference',
        'verl-sft-csv',
        'verl-sft-parquet',
      ].sort(),
    );
  });

  it.each(CASES)(
    '%s as %s',
    async (data, format) => {
      const datasetId = datasets[data];
      const { result, byExternal } = await analysed(datasetId, format);
      const { dir, files, manifest } = await exported(datasetId, format);
      const totals = [...byExternal.values()];
      const per = (file: string) => path.join(dir, file);

      if (format === 'openai-chat' || format === 'kto') {
        // No ids in these lines: their counts, as a multiset, are the analysis' counts (KTO writes only
        // rollouts whose label is known, so there they are a part of them).
        const counts = files.flatMap((f) =>
          jsonl(per(f)).map((l) =>
            format === 'kto'
              ? count([...(l.prompt as Line['messages']), ...(l.completion as Line['messages'])], l.tools as unknown[])
              : count((l as Line).messages, (l as Line).tools),
          ),
        );
        expect(counts.length).toBe(manifest.counts.written);
        if (format === 'openai-chat') expect(sorted(counts)).toEqual(sorted(totals));
        const left = [...totals];
        for (const c of counts) {
          const k = left.indexOf(c);
          expect(k, `a ${format} line of ${c} tokens that the analysis did not count`).toBeGreaterThanOrEqual(0);
          left.splice(k, 1);
        }
      } else if (format === 'sft-json') {
        const doc = JSON.parse(fs.readFileSync(per(files[0]), 'utf8')) as {
          splits: Record<string, (Line & { simulation_id: string })[]>;
        };
        const records = Object.values(doc.splits).flat();
        expect(records.length).toBe(totals.length);
        for (const r of records) expect(count(r.messages, r.tools)).toBe(byExternal.get(r.simulation_id));
      } else if (format === 'verl-sft-parquet' || format === 'verl-sft-csv') {
        const rows: { messages: Line['messages']; rolloutId: string }[] = [];
        for (const f of files) {
          if (format === 'verl-sft-parquet') {
            const objs = await parquetReadObjects({ file: await asyncBufferFromFile(per(f)), compressors });
            for (const o of objs as { messages: Line['messages']; extra_info: { rollout_id: string } }[])
              rows.push({ messages: o.messages, rolloutId: o.extra_info.rollout_id });
          } else {
            const recs = parseCsv(fs.readFileSync(per(f), 'utf8'), { columns: true }) as Record<string, string>[];
            for (const rec of recs)
              rows.push({
                messages: JSON.parse(rec.messages) as Line['messages'],
                rolloutId: (JSON.parse(rec.extra_info) as { rollout_id: string }).rollout_id,
              });
          }
        }
        expect(rows.length).toBe(totals.length);
        // verl's trainer does not read tools_json unless configured: the render has no tools.
        for (const r of rows) expect(count(r.messages, null)).toBe(byExternal.get(r.rolloutId));
      } else if (format === 'rollouts-jsonl') {
        const lines = files.flatMap((f) => jsonl(per(f))) as (Line & { id: string })[];
        expect(lines.length).toBe(totals.length);
        for (const l of lines) expect(count(l.messages, l.tools)).toBe(byExternal.get(l.id));
      } else if (format === 'dpo-pairs') {
        const lines = files.flatMap((f) => jsonl(per(f))) as {
          chosen: Line & { id: string };
          rejected: Line & { id: string };
        }[];
        expect(lines.length).toBeGreaterThan(0);
        for (const l of lines)
          for (const side of [l.chosen, l.rejected])
            expect(count(side.messages, side.tools)).toBe(byExternal.get(side.id));
      } else if (format === 'trl-preference') {
        // prompt + chosen is the chosen rollout's SFT conversation, and prompt + rejected the rejected one's.
        const lines = files.flatMap((f) => jsonl(per(f))) as {
          prompt: Line['messages'];
          chosen: Line['messages'];
          rejected: Line['messages'];
          tools: unknown[];
        }[];
        expect(lines.length).toBeGreaterThan(0);
        const known = new Set(totals);
        for (const l of lines) {
          expect(known.has(count([...l.prompt, ...l.chosen], l.tools))).toBe(true);
          expect(known.has(count([...l.prompt, ...l.rejected], l.tools))).toBe(true);
        }
      }

      // The export's manifest names the analysis it was checked against, and that it matches.
      expect(manifest.tokenAnalysis).toMatchObject({
        shape: result.shapeKey,
        tokenizer: 'qwen3',
        templateHash: result.templateHash,
        matchesExport: true,
      });
    },
    120_000,
  );

  it('rebuilds the tau2 system prompt in what it counts', async () => {
    const { result } = await analysed(datasets.tau2, 'openai-chat');
    const data = await analysed(datasets.tau2, 'sft-json');
    expect(result.shapeDescription).toMatch(/tau2 system prompt rebuilt/);
    // The rebuilt prompt is longer than the bare policy: an analysis with the data's prompt counts fewer.
    const { result: bare } = await runTokenAnalysis(
      tokensPayloadSchema.parse({
        datasetId: datasets.tau2,
        tokenizer: 'qwen3',
        shape: { format: 'openai-chat', systemPrompt: 'data' },
      }),
      { pool },
    );
    expect(result.stats.system.mean - bare.stats.system.mean).toBeGreaterThan(100);
    expect(data.result.totalTokens).toBe(result.totalTokens);
  }, 120_000);
});
