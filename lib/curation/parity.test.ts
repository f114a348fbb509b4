/**
 * Parity with the Python baseline (seed_pipeline.py in ../shared/baselines beside the repo) on the
 * same files: synthetic NeMo-Gym rollouts from gen-rollouts.py and the real NeMo-Gym example files.
 * Known, intended difference: seed_pipeline's PPO bins use `x < bins[i + 1]`, so reward == 1.0
 * falls in no bin; ours puts it in the top bin. The comparison adds that count back explicitly.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pairDpo } from './dpo';
import { buildModel, type CurationModel } from './model';
import { ppoStats } from './ppo';
import { DEFAULT_DPO, DEFAULT_SFT } from './recipe';
import { selectSft } from './sft';

const SHARED = path.resolve(import.meta.dirname, '../../../shared');
const PIPELINE = `${SHARED}/baselines/seed_pipeline.py`;
const GEN = `${SHARED}/tools/gen-rollouts.py`;
const REAL = `${SHARED}/fixtures/real/nemo-gym`;

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
}

const available = existsSync(PIPELINE) && existsSync(GEN) && hasPython();
if (!available)
  console.warn(`parity tests skipped: ${SHARED} (seed_pipeline.py, gen-rollouts.py) or python3 is missing`);

const work = available ? mkdtempSync(path.join(tmpdir(), 'sift-parity-')) : '';
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface PythonResult {
  rollouts: number;
  sft_kept: number;
  dpo_same_prompt_pairs: number;
  dpo_stratified_pairs?: number;
  ppo: { mean: number; std: number; min: number; max: number; bins: number[] };
}

function runPipeline(file: string, outdir: string, extra: string[] = []): PythonResult {
  return JSON.parse(
    execFileSync('python3', [PIPELINE, file, outdir, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 }),
  );
}

function readRecords(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

function modelOf(records: Record<string, unknown>[]): CurationModel {
  return buildModel(
    records.map((rec, i) => {
      const task = rec.task_index ?? rec._ng_task_index;
      const metrics: Record<string, number> = {};
      for (const k of ['accuracy', 'set_overlap']) if (typeof rec[k] === 'number') metrics[k] = rec[k] as number;
      return {
        id: `r${i}`,
        reward: rec.reward as number,
        success: null,
        taskId: task === undefined || task === null ? null : String(task),
        promptKey: JSON.stringify((rec.responses_create_params as { input: unknown }).input),
        split: null,
        metrics,
        turns: 0,
        toolCalls: 0,
      };
    }),
  );
}

const UNIT_EDGES = [0, 0.2, 0.4, 0.6, 0.8, 1];

function expectParity(model: CurationModel, py: PythonResult, outdir: string): void {
  expect(model.n).toBe(py.rollouts);
  expect(selectSft(model, DEFAULT_SFT).kept).toBe(py.sft_kept);

  const same = pairDpo(model, { ...DEFAULT_DPO, strategy: 'same-prompt', maxPairsPerPrompt: null });
  expect(same.stats.pairs).toBe(py.dpo_same_prompt_pairs);
  // Pair for pair, in the same order: the gaps seed_pipeline wrote, and the chosen rewards.
  const written = readRecords(path.join(outdir, 'dpo_same_prompt.jsonl')) as {
    reward_gap: number;
    chosen: { reward: number };
  }[];
  expect(Array.from(same.pairs.gaps)).toEqual(written.map((w) => w.reward_gap));
  expect(Array.from(same.pairs.chosen, (c) => model.reward[c])).toEqual(written.map((w) => w.chosen.reward));

  if (py.dpo_stratified_pairs !== undefined) {
    const open = { ...DEFAULT_DPO, strategy: 'stratified' as const, maxPairsPerChosen: null, maxPairsPerPrompt: null };
    const strat = pairDpo(model, open);
    expect(strat.stats.candidatePairs).toBe(py.dpo_stratified_pairs);
    expect(strat.stats.pairs).toBe(py.dpo_stratified_pairs);
  }

  const { stats } = ppoStats(model, { bins: UNIT_EDGES, groupBy: 'prompt' });
  expect(stats.mean).toBeCloseTo(py.ppo.mean, 12);
  expect(Math.abs((stats.std ?? NaN) - py.ppo.std)).toBeLessThanOrEqual(1e-12 * Math.max(1, py.ppo.std));
  expect([stats.min, stats.max]).toEqual([py.ppo.min, py.ppo.max]);
  // seed_pipeline drops reward == 1.0 from its last bin; ours keeps it there.
  let ones = 0;
  for (const r of model.reward) if (r === 1) ones++;
  expect(stats.bins.slice(0, 4)).toEqual(py.ppo.bins.slice(0, 4));
  expect(stats.bins[4]).toBe(py.ppo.bins[4] + ones);
}

describe.skipIf(!available)('parity with seed_pipeline.py', () => {
  it.each([
    [2000, 1],
    [3500, 2],
    [5000, 3],
    [4000, 11],
  ])('synthetic: %i rollouts, seed %i', (n, seed) => {
    const file = path.join(work, `gen-${n}-${seed}.jsonl`);
    execFileSync('sh', ['-c', `python3 ${GEN} ${n} --seed ${seed} > ${file}`]);
    const outdir = path.join(work, `out-${n}-${seed}`);
    // The stratified loop writes |high| x |low| full records (GBs at this size); checked below on smaller files.
    const py = runPipeline(file, outdir, ['--stratified-max', '0']);
    expect(py.dpo_stratified_pairs).toBeUndefined();
    expectParity(modelOf(readRecords(file)), py, outdir);
  });

  it.each([
    [300, 1],
    [300, 5],
    [380, 9],
  ])('synthetic with uncapped stratified: %i rollouts, seed %i', (n, seed) => {
    const file = path.join(work, `strat-${n}-${seed}.jsonl`);
    execFileSync('sh', ['-c', `python3 ${GEN} ${n} --seed ${seed} > ${file}`]);
    const outdir = path.join(work, `strat-out-${n}-${seed}`);
    const py = runPipeline(file, outdir);
    expect(py.dpo_stratified_pairs).toBeGreaterThan(1000);
    expectParity(modelOf(readRecords(file)), py, outdir);
  });

  const realFiles = existsSync(REAL)
    ? readdirSync(REAL)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
    : [];
  const usable = realFiles.filter((f) => {
    const recs = readRecords(path.join(REAL, f));
    // multichallenge has no rewards; bbq has no responses_create_params (seed_pipeline would crash).
    return recs.every((r) => typeof r.reward === 'number' && r.responses_create_params);
  });

  it('uses the real NeMo-Gym files that have a reward and a prompt on every row', () => {
    expect(usable.length).toBeGreaterThanOrEqual(8);
    expect(usable).not.toContain('multichallenge__example_rollouts.jsonl');
    expect(usable).not.toContain('bbq__example_rollouts.jsonl');
  });

  it.each(usable)('real: %s', (f) => {
    const file = path.join(REAL, f);
    const outdir = path.join(work, `real-${f}`);
    expectParity(modelOf(readRecords(file)), runPipeline(file, outdir), outdir);
  });
});
