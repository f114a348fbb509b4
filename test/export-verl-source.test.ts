/**
 * verl's data_source and ground_truth (docs/verl.md), through `sift export` as a user runs it:
 * data_source defaults to where the rollouts came from (tau2/<domain>, nemo-gym/<agent>, else the
 * dataset's name) instead of "sift"; --data-source overrides it; --ground-truth-field maps
 * reward_model.ground_truth from a meta field, and RL prompts without it are left out and counted.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLine, tmpDir } from './export-fixtures';

const root = process.cwd();
let dir: string;
let db: string;

function sift(...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/sift.mjs'), '--db', db, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, SIFT_DB: undefined },
  });
}

interface RlRow {
  data_source: string;
  reward_model: { ground_truth: string; style: string };
}

async function exportRl(dataset: string, out: string, ...extra: string[]) {
  const r = sift(
    'export',
    '--dataset',
    dataset,
    '--format',
    'verl-rl-parquet',
    '--out',
    out,
    '--recipe',
    'all.json',
    '--split',
    'keep',
    '--json',
    ...extra,
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const { manifest } = JSON.parse(r.stdout) as { manifest: { counts: { skipped: Record<string, number> } } };
  const file = await asyncBufferFromFile(path.join(dir, out, 'train.parquet'));
  return { rows: (await parquetReadObjects({ file, compressors })) as RlRow[], skipped: manifest.counts.skipped };
}

/** NeMo-Gym lines from an agent server, one prompt each, every second one with an expected answer. */
function nemoLine(k: number): string {
  const line = JSON.parse(exportLine(k * 4)) as Record<string, unknown>;
  line.agent_ref = { type: 'responses_api_agents', name: 'orders_simple_agent' };
  if (k % 2 === 0) line.expected_answer = `shipped-${k}`;
  return JSON.stringify(line);
}

beforeAll(() => {
  dir = tmpDir('sift-verl-source-');
  db = path.join(dir, 'verl.db');
  fs.writeFileSync(path.join(dir, 'all.json'), JSON.stringify({ sft: { minReward: null } }));
  fs.writeFileSync(path.join(dir, 'nemo.jsonl'), Array.from({ length: 8 }, (_, k) => nemoLine(k)).join('\n') + '\n');
  for (const [name, file] of [
    ['airline', path.join(root, 'test/fixtures/tau2/results-mini.json')],
    ['orders', 'nemo.jsonl'],
    ['chats', path.join(root, 'test/fixtures/openai-chat/sft-tools.jsonl')],
  ]) {
    const r = sift('import', '--dataset', name, file);
    expect(r.status, r.stderr).toBe(0);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('verl data_source and ground_truth', () => {
  it("defaults data_source to the rollouts' source: tau2/<domain>, nemo-gym/<agent>, else the dataset name", async () => {
    const tau2 = await exportRl('airline', 'tau2');
    expect(tau2.rows.length).toBeGreaterThan(0);
    expect(new Set(tau2.rows.map((r) => r.data_source))).toEqual(new Set(['tau2/airline']));

    const nemo = await exportRl('orders', 'nemo');
    expect(new Set(nemo.rows.map((r) => r.data_source))).toEqual(new Set(['nemo-gym/orders_simple_agent']));

    const chats = await exportRl('chats', 'chats');
    expect(new Set(chats.rows.map((r) => r.data_source))).toEqual(new Set(['chats']));
  });

  it('--data-source sets every row; --ground-truth-field maps a meta field and leaves out prompts without it', async () => {
    const out = await exportRl(
      'orders',
      'mapped',
      '--data-source',
      'orders/v2',
      '--ground-truth-field',
      'meta.fields.expected_answer',
    );
    expect(out.rows.map((r) => r.data_source)).toEqual(Array(4).fill('orders/v2'));
    expect(out.rows.map((r) => r.reward_model.ground_truth)).toEqual([
      'shipped-0',
      'shipped-2',
      'shipped-4',
      'shipped-6',
    ]);
    expect(out.skipped).toEqual({ 'no-ground-truth': 4 });

    // The path without `meta.` means the same; a malformed one is a usage error.
    expect((await exportRl('orders', 'short', '--ground-truth-field', 'fields.expected_answer')).rows).toHaveLength(4);
    const bad = sift(
      'export',
      '--dataset',
      'orders',
      '--format',
      'verl-rl-parquet',
      '--out',
      'bad',
      '--ground-truth-field',
      'fields..x',
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/groundTruthField/);
  });
});
