/**
 * Tokenization throughput: Sift's worker pool (1 and 2 workers: render + encode + trained spans)
 * next to the native HF tokenizers binding encoding the same rendered texts, in the same run, with
 * token counts asserted identical. Then a cached re-run at 100k rollouts.
 *
 * Data: synthetic NeMo-Gym rollouts from /work/shared/tools/gen-rollouts.py, converted to
 * canonical messages here. The DB cache (lib/db) is not written yet: the cache is simulated with a
 * Map behind the same AnalysisCache interface.
 *
 * Run: node --import tsx bench/tokens.ts [n=2000] [turns=8]   or   npm run bench -- tokens
 */
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import type { Message, ToolSpec } from '../lib/formats/types';
import { analysisCacheKey, tokenizerKey } from '../lib/token-stats/cache-key';
import type { RolloutTokenStats } from '../lib/token-stats/rollout-stats';
import { createAnalyzer, type RolloutInput } from '../lib/tokenize/analyze';
import { analyzeRollouts } from '../lib/tokenize/pool';
import { describeTokenizer, loadTokenizer } from '../lib/tokenize/registry';
import { loadNativeTokenizer } from '../lib/tokenize/test-support';
import type { BenchResult } from './run';

interface GymItem {
  type?: string;
  role?: string;
  content?: string | { text: string }[];
  call_id?: string;
  name?: string;
  arguments?: string;
  output?: string;
}
interface GymRecord {
  responses_create_params: {
    input: GymItem[];
    tools: { name: string; description?: string; parameters?: Record<string, unknown> }[];
  };
  response: { output: GymItem[] };
}

function text(c: GymItem['content']): string {
  return typeof c === 'string' ? c : (c ?? []).map((p) => p.text).join('');
}

/** A deliberately simple NeMo-Gym → messages mapping (the real importer lives in lib/formats). */
function toRollout(r: GymRecord, i: number): RolloutInput {
  const messages: Message[] = r.responses_create_params.input.map((m) => ({
    role: m.role as Message['role'],
    content: text(m.content),
  }));
  for (const item of r.response.output) {
    if (item.type === 'function_call') {
      const last = messages[messages.length - 1];
      const call = { id: item.call_id!, name: item.name!, arguments: item.arguments! };
      if (last.role === 'assistant' && last.tool_calls) last.tool_calls.push(call);
      else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
    } else if (item.type === 'function_call_output') {
      messages.push({ role: 'tool', tool_call_id: item.call_id, content: item.output ?? '' });
    } else if (item.type === 'message') {
      messages.push({ role: 'assistant', content: text(item.content) });
    }
  }
  const tools: ToolSpec[] = r.responses_create_params.tools.map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description, parameters: t.parameters },
  }));
  return { id: `r${i}`, contentHash: `bench-${i}`, messages, tools };
}

function generate(n: number, turns: number): RolloutInput[] {
  const out = execFileSync(
    'python3',
    ['/work/shared/tools/gen-rollouts.py', String(n), '--turns', String(turns), '--seed', '7'],
    {
      maxBuffer: 1 << 30,
    },
  );
  return out
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l, i) => toRollout(JSON.parse(l) as GymRecord, i));
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export async function run(args: string[] = []): Promise<BenchResult> {
  const n = Number(args[0] ?? 2000);
  const turns = Number(args[1] ?? 8);
  const rollouts = generate(n, turns);
  const tokenizer = 'qwen3';

  // Same rendered texts for everyone: render in-process once.
  const analyzer = createAnalyzer(await loadTokenizer(tokenizer));
  let t0 = performance.now();
  const texts = rollouts.map((r) => analyzer.layout(r).text);
  const renderS = seconds(t0);

  const native = loadNativeTokenizer(tokenizer);
  t0 = performance.now();
  const nativeSeq: number[] = [];
  for (const t of texts) nativeSeq.push((await native.encode(t, null, { addSpecialTokens: false })).getLength());
  const nativeSeqS = seconds(t0);
  t0 = performance.now();
  const nativeBatch = (await native.encodeBatch(texts, { addSpecialTokens: false })).map((e) => e.getLength());
  const nativeBatchS = seconds(t0);
  assert.deepEqual(nativeBatch, nativeSeq);
  const totalTokens = nativeSeq.reduce((a, b) => a + b, 0);

  // Worker start-up (tsx + transformers.js + tokenizer load) measured apart from throughput.
  t0 = performance.now();
  await analyzeRollouts(rollouts.slice(0, 1), { tokenizer, workers: 1 });
  const startupS = seconds(t0);

  const pool: Record<number, number> = {};
  for (const workers of [1, 2]) {
    t0 = performance.now();
    const res = await analyzeRollouts(rollouts, { tokenizer, workers, batchSize: 32 });
    pool[workers] = seconds(t0);
    const counts = res.results.map((r) => (r.ok ? r.stats.total : -1));
    assert.deepEqual(counts, nativeSeq, `pool (${workers} workers) and native token counts differ`);
  }

  // Cached re-run at 100k: every key present in a Map standing in for the DB cache.
  const big = 100_000;
  const d = await describeTokenizer(tokenizer);
  const tk = tokenizerKey(d);
  const cached = new Map<string, RolloutTokenStats>();
  const bigRollouts: RolloutInput[] = Array.from({ length: big }, (_, i) => {
    const r = rollouts[i % rollouts.length];
    return { ...r, id: `big${i}`, contentHash: `big-${i}` };
  });
  const statsOf = analyzer.analyze(rollouts[0]);
  for (const r of bigRollouts) {
    cached.set(
      analysisCacheKey({
        contentHash: r.contentHash,
        tokenizerKey: tk,
        templateHash: d.templateHash,
        removeSystemMessages: false,
      }),
      statsOf,
    );
  }
  t0 = performance.now();
  const rerun = await analyzeRollouts(
    bigRollouts,
    { tokenizer },
    {
      getCached: (keys) => new Map(keys.flatMap((k) => (cached.has(k) ? [[k, cached.get(k)!]] : []))),
      putCached: () => {},
    },
  );
  const cachedS = seconds(t0);
  assert.equal(rerun.cached, big);

  const figures: Record<string, number | string> = {
    rollouts: n,
    'tokens (Qwen3 template)': totalTokens,
    'tokens per rollout (mean)': Math.round(totalTokens / n),
    'render only, in-process (rollouts/s)': Math.round(n / renderS),
    'native @anush008/tokenizers, sequential (tok/s)': Math.round(totalTokens / nativeSeqS),
    'native @anush008/tokenizers, encodeBatch (tok/s)': Math.round(totalTokens / nativeBatchS),
    'worker start-up, 1 rollout (s)': Number(startupS.toFixed(2)),
    'Sift pool, 1 worker, wall incl. start-up (tok/s)': Math.round(totalTokens / pool[1]),
    'Sift pool, 2 workers, wall incl. start-up (tok/s)': Math.round(totalTokens / pool[2]),
    'Sift pool, 1 worker, excl. start-up (tok/s)': Math.round(totalTokens / Math.max(0.001, pool[1] - startupS)),
    'Sift pool, 2 workers, excl. start-up (tok/s)': Math.round(totalTokens / Math.max(0.001, pool[2] - startupS)),
    'token counts pool vs native': 'identical (asserted per rollout)',
    'cached re-run, 100k rollouts, Map cache (s)': Number(cachedS.toFixed(2)),
  };
  return {
    name: 'tokens',
    figures,
    notes:
      'Pool figures include rendering the chat template and locating trained spans, not only encoding. ' +
      'The cache is a Map (the SQLite cache in lib/db is not written yet); the 100k re-run time covers hashing the ' +
      'tokenizer files, computing keys and lookups, with no worker started. Check the load average: other jobs share the 2 cores.',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run(process.argv.slice(2));
  console.table(r.figures);
  console.log(r.notes);
}
