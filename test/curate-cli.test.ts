/**
 * `sift curate` in its own process on the sample dataset (loaded by scripts/prepare-db.ts into a
 * temporary database): its --json equals evaluateRecipe on loadCurationModel for the same recipe,
 * so the CLI, the curate page and the exports agree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRecipe, parseRecipe } from '@/lib/curation';

const root = path.resolve(__dirname, '..');
const SAMPLE = 'Sample: retail support agent';
let dir: string;
let db: string;

function sift(args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/sift.mjs'), '--db', db, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, SIFT_DB: db },
  });
}

function write(name: string, body: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-curate-cli-'));
  db = path.join(dir, 'sift.db');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/prepare-db.ts')], {
    cwd: root,
    env: { ...process.env, SIFT_DB: db },
  });
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const RECIPES: Record<string, unknown> = {
  defaults: {},
  'threshold + metric OR': {
    sft: {
      minReward: 0.5,
      where: [
        { metric: 'db_match', op: '>=', value: 1 },
        { metric: 'communicate', op: '==', value: 1 },
      ],
      combine: 'or',
    },
  },
  'stratified, capped': {
    dpo: { strategy: 'stratified', high: 0.8, low: 0.3, minGap: 0.3, maxPairsPerChosen: 2, maxPairs: 50, seed: 7 },
    ppo: { bins: 10, groupBy: 'task' },
  },
  'same-task all pairs + split': {
    dpo: { strategy: 'same-task', allPairs: true, maxPairsPerPrompt: null },
    split: { by: 'task', seed: 3 },
  },
};

describe('sift curate', () => {
  it('prints evaluateRecipe(loadCurationModel).summary for a hand-written recipe file', async () => {
    // Load the model in this process from the same database file.
    process.env.SIFT_DB = db;
    const { setEnv } = await import('@/lib/env');
    setEnv({ SIFT_DB: db });
    const { getDatasetByName } = await import('@/lib/db/datasets');
    const { loadCurationModel } = await import('@/lib/db/curation-model');
    const ds = await getDatasetByName({ name: SAMPLE });
    const { model } = loadCurationModel({ datasetId: ds!.id });

    for (const [name, recipe] of Object.entries(RECIPES)) {
      const out = sift(['curate', '--dataset', SAMPLE, '--recipe', write(`${name}.json`, recipe), '--json']);
      expect(out.stderr, name).toBe('');
      expect(out.status, name).toBe(0);
      const printed = JSON.parse(out.stdout);
      const parsed = parseRecipe(recipe);
      expect(parsed.ok).toBe(true);
      const expected = JSON.parse(JSON.stringify(evaluateRecipe(model, parsed.ok ? parsed.recipe : {}).summary));
      expect(printed, name).toEqual(expected);
      expect(Object.keys(printed)).toEqual(expect.arrayContaining(['sft', 'dpo', 'ppo', 'redFlags']));
      expect(printed.sft.kept + printed.sft.dropped).toBe(300);
    }
  }, 240_000);

  it('prints a readable summary without --json, and accepts a saved recipe by name', async () => {
    const { createRecipe } = await import('@/lib/db/recipes');
    await createRecipe({ name: 'cli saved', body: { sft: { minReward: 0.5 } } });
    const out = sift(['curate', '--dataset', SAMPLE, '--recipe', 'cli saved']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('saved recipe "cli saved"');
    expect(out.stdout).toMatch(/^SFT\s+kept \d+/m);
    expect(out.stdout).toMatch(/^DPO\s+same-prompt: \d+ pairs/m);
    expect(out.stdout).toMatch(/^PPO\s+300 rewards/m);
    const json = JSON.parse(
      sift(['curate', '--dataset', SAMPLE, '--recipe', write('same.json', { sft: { minReward: 0.5 } }), '--json'])
        .stdout,
    );
    expect(out.stdout).toContain(`kept ${json.sft.kept}`);
  }, 120_000);

  it('rejects an invalid recipe with one line naming the zod path, exit 1', () => {
    const cases: [string, unknown, RegExp][] = [
      ['bad-type.json', { sft: { minReward: 'high' } }, /^sift: invalid recipe .*bad-type\.json: \$\.sft\.minReward: /],
      [
        'bad-key.json',
        { dpo: { strategy: 'same-prompt', hihg: 0.8 } },
        /^sift: invalid recipe .*bad-key\.json: \$\.dpo: .*hihg/,
      ],
      ['bad-op.json', { sft: { where: [{ metric: 'm', op: '=>', value: 1 }] } }, /\$\.sft\.where\[0\]\.op: /],
      ['bad-json.json', '{"sft": ', /^sift: invalid recipe .*bad-json\.json: \$: invalid JSON/],
    ];
    for (const [name, body, re] of cases) {
      const out = sift(['curate', '--dataset', SAMPLE, '--recipe', write(name, body), '--json']);
      expect(out.status, name).toBe(1);
      expect(out.stdout, name).toBe('');
      expect(out.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(out.stderr.trim(), name).toMatch(re);
    }
    const missing = sift(['curate', '--dataset', SAMPLE, '--recipe', 'no-such-recipe']);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('sift: no recipe file or saved recipe named "no-such-recipe"');
    const noDataset = sift(['curate', '--dataset', 'nope', '--recipe', write('ok.json', {})]);
    expect(noDataset.status).toBe(1);
    expect(noDataset.stderr.trim()).toMatch(/^sift: no dataset named "nope"/);
  }, 120_000);
});
