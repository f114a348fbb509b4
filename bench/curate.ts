/**
 * Curation benchmark: 1M synthetic NeMo-Gym rollouts (8 per prompt) from gen-rollouts.py, the
 * lib/curation recompute paths the curate page runs on every slider event, and seed_pipeline.py's
 * steps on the same file in the same run (as a child process, after the JS timings so the two
 * never compete for the CPU).
 *
 *   node --import tsx bench/curate.ts            # or: npm run bench -- curate (harness calls run())
 *   SIFT_BENCH_N=100000 ...                      # smaller data set
 *   SIFT_BENCH_SKIP_PYTHON=1 ...                 # JS figures only (Python takes minutes at 1M)
 *
 * The loader reads only what the model needs: the prompt (`responses_create_params.input`, hashed
 * to a key) and the scalar tail of each line (reward, accuracy, set_overlap, task_index). It relies
 * on gen-rollouts.py's fixed key order; it is a bench loader, not an importer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  DEFAULT_SFT,
  evaluateRecipe,
  fnv1a32,
  fromWire,
  ModelBuilder,
  pairDpo,
  ppoStats,
  resolveRecipe,
  rewardHistogram,
  selectSft,
  toWire,
  type CurationModel,
} from '../lib/curation/index';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const DATA = path.join(ROOT, 'bench', '.data');
const GEN = '/work/shared/tools/gen-rollouts.py';
const PIPELINE = '/work/shared/baselines/seed_pipeline.py';
const N = Number(process.env.SIFT_BENCH_N ?? 1_000_000);
const PER_PROMPT = 8;
const SEED = 1;

function dataFile(): string {
  const label = N % 1_000_000 === 0 ? `${N / 1_000_000}m` : N % 1000 === 0 ? `${N / 1000}k` : String(N);
  const file = path.join(DATA, `rollouts-${label}-s${SEED}.jsonl`);
  if (existsSync(file)) return file;
  if (!existsSync(GEN)) throw new Error(`${GEN} is missing; cannot generate ${file}`);
  mkdirSync(DATA, { recursive: true });
  console.error(`generating ${N} rollouts into ${file} (cached for later runs)…`);
  execFileSync('sh', ['-c', `python3 ${GEN} ${N} --per-prompt ${PER_PROMPT} --seed ${SEED} > ${file}.tmp`], {
    stdio: 'inherit',
  });
  renameSync(`${file}.tmp`, file);
  return file;
}

async function loadModel(file: string): Promise<CurationModel> {
  const builder = new ModelBuilder(N);
  let rest = '';
  let i = 0;
  const addLine = (line: string): void => {
    if (!line) return;
    const start = line.indexOf('"input": ') + 9;
    const end = line.indexOf(', "tools": ', start);
    const input = line.slice(start, end);
    // Two differently seeded 32-bit hashes: a 64-bit prompt key (collisions ~1e-10 at 125k prompts).
    const key = fnv1a32(input).toString(16).padStart(8, '0') + fnv1a32(input, 0x9747b28c).toString(16).padStart(8, '0');
    const tail = JSON.parse('{' + line.slice(line.lastIndexOf('"reward": '))) as Record<string, number>;
    builder.add({
      id: `r${i++}`,
      reward: tail.reward,
      success: null,
      taskId: String(tail.task_index),
      promptKey: key,
      split: null,
      metrics: { accuracy: tail.accuracy, set_overlap: tail.set_overlap },
      turns: 0,
      toolCalls: 0,
    });
  };
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 22 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) addLine(line);
  }
  addLine(rest);
  return builder.finish();
}

const ms = (t0: number): number => performance.now() - t0;
const round = (v: number, d = 2): number => Number(v.toFixed(d));

/**
 * Median wall and CPU time of `runs` calls of fn(k) (k lets each run vary a slider value), after
 * one warm-up call. CPU time is reported too because shared machines inflate wall time.
 */
function timeIt(f: Record<string, number | string>, name: string, runs: number, fn: (k: number) => void): void {
  fn(0);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < runs; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn(k);
    wall.push(ms(t0));
    const d = process.cpuUsage(c0);
    cpu.push((d.user + d.system) / 1000);
  }
  const mid = (xs: number[]): number => round(xs.sort((a, b) => a - b)[xs.length >> 1]);
  f[`${name}_ms`] = mid(wall);
  f[`${name}_cpu_ms`] = mid(cpu);
}

interface PythonFigures {
  load_s: number;
  sft_s: number;
  sft_kept: number;
  dpo_same_prompt_s: number;
  dpo_same_prompt_pairs: number;
  dpo_stratified_s?: number;
  dpo_stratified_pairs?: number;
  ppo_s: number;
  ppo: { mean: number; std: number; bins: number[] };
}

function runPython(file: string): PythonFigures | string {
  if (process.env.SIFT_BENCH_SKIP_PYTHON) return 'skipped (SIFT_BENCH_SKIP_PYTHON)';
  if (!existsSync(PIPELINE)) return `skipped (${PIPELINE} missing)`;
  const outdir = path.join(DATA, 'seed-pipeline-out');
  try {
    const r = spawnSync('python3', [PIPELINE, file, outdir], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) return `failed: ${r.stderr.slice(-300)}`;
    return JSON.parse(r.stdout) as PythonFigures;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export async function run(): Promise<{ name: string; figures: Record<string, number | string> }> {
  const file = dataFile();
  const f: Record<string, number | string> = {};
  f.file_mb = round(statSync(file).size / 1e6, 0);
  f.load_average_1m = round(loadavg()[0]);

  let t0 = performance.now();
  const model = await loadModel(file);
  f.rows = model.n;
  f.prompts = model.prompts.length;
  f.js_load_s = round(ms(t0) / 1000);

  // One-time per model: sorted reward order, prompt/task groups, seeded hashes (cached after).
  const recipe = resolveRecipe({});
  t0 = performance.now();
  evaluateRecipe(model, { dpo: { strategy: 'stratified' } });
  evaluateRecipe(model, recipe);
  f.js_first_evaluate_ms = round(ms(t0));

  // SFT: what one slider input event recomputes — mask, counts and the stacked histogram.
  const mask = new Uint8Array(model.n);
  timeIt(f, 'js_sft_recompute', 41, (k) => {
    const s = selectSft(model, { ...DEFAULT_SFT, minReward: 0.5 + (k % 10) * 0.05 }, mask);
    rewardHistogram(model, s.mask, 20, s.threshold);
  });
  f.js_sft_kept = selectSft(model, DEFAULT_SFT, mask).kept;
  const where = { ...DEFAULT_SFT, minReward: 1, where: [{ metric: 'set_overlap', op: '>=' as const, value: 0.5 }] };
  // A metric condition takes the general path (column passes + counting pass + binned histogram).
  timeIt(f, 'js_sft_with_condition', 21, () => rewardHistogram(model, selectSft(model, where, mask).mask, 20));

  // Per-prompt cap lifted so the count is seed_pipeline's (at most 4 inward pairs per 8-group anyway).
  const samePrompt = { ...recipe.dpo, strategy: 'same-prompt' as const, maxPairsPerPrompt: null };
  timeIt(f, 'js_same_prompt', 21, (k) => pairDpo(model, { ...samePrompt, minGap: 0.1 + (k % 5) * 0.05 }));
  f.js_same_prompt_pairs = pairDpo(model, samePrompt).stats.pairs;

  const capped = { ...recipe.dpo, strategy: 'stratified' as const };
  f.js_stratified_caps = `perChosen ${capped.maxPairsPerChosen}, perPrompt ${capped.maxPairsPerPrompt}; total none | 100k`;
  timeIt(f, 'js_stratified', 7, (k) => pairDpo(model, { ...capped, minGap: 0.2 + (k % 3) * 0.05 }));
  const strat = pairDpo(model, capped).stats;
  f.js_stratified_pairs = strat.pairs;
  f.js_stratified_candidate_pairs = strat.candidatePairs;
  timeIt(f, 'js_stratified_total_100k', 11, (k) =>
    pairDpo(model, { ...capped, maxPairs: 100_000, minGap: 0.2 + (k % 3) * 0.05 }),
  );

  timeIt(f, 'js_ppo', 11, () => ppoStats(model, recipe.ppo));
  timeIt(f, 'js_evaluate_recipe', 11, (k) =>
    evaluateRecipe(model, { sft: { minReward: 0.5 + (k % 10) * 0.05 } }, { sftMask: mask }),
  );

  t0 = performance.now();
  const wireText = JSON.stringify(toWire(model));
  f.wire_encode_ms = round(ms(t0));
  f.wire_mb = round(wireText.length / 1e6);
  f.wire_gzip_mb = round(gzipSync(wireText, { level: 6 }).length / 1e6);
  t0 = performance.now();
  const back = fromWire(JSON.parse(wireText));
  f.wire_decode_ms = round(ms(t0));
  if (back.n !== model.n) throw new Error('wire round trip lost rows');

  const py = runPython(file);
  if (typeof py === 'string') {
    f.python = py;
  } else {
    f.py_load_s = round(py.load_s);
    f.py_sft_ms = round(py.sft_s * 1000, 0);
    f.py_sft_kept = py.sft_kept;
    f.py_same_prompt_ms = round(py.dpo_same_prompt_s * 1000, 0);
    f.py_same_prompt_pairs = py.dpo_same_prompt_pairs;
    f.py_stratified =
      py.dpo_stratified_pairs === undefined
        ? 'skipped by seed_pipeline (high + low tiers > --stratified-max 20000)'
        : `${py.dpo_stratified_pairs} pairs in ${round(py.dpo_stratified_s ?? 0)} s`;
    f.py_ppo_ms = round(py.ppo_s * 1000, 0);
    f.parity =
      py.sft_kept === f.js_sft_kept && py.dpo_same_prompt_pairs === f.js_same_prompt_pairs
        ? 'sft_kept and same-prompt pairs equal'
        : 'MISMATCH';
    f.note = 'py_* steps include writing full JSONL records (json.dumps); js_* are the in-memory recomputes';
  }
  return { name: 'curate', figures: f };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
