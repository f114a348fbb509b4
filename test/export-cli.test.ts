/**
 * `sift export`, and the tau2-compatible `sift make` / `sift to-openai`, as a user runs them
 * (bin/sift.mjs in a child process): files, layout, exit codes, and make's untouched database.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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

beforeAll(() => {
  dir = tmpDir('sift-export-cli-');
  db = path.join(dir, 'cli.db');
  fs.writeFileSync(path.join(dir, 'r.jsonl'), Array.from({ length: 40 }, (_, i) => exportLine(i)).join('\n') + '\n');
  expect(sift('import', '--dataset', 'cli', 'r.jsonl').status).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sift export', () => {
  it('--list names every format', () => {
    const r = sift('export', '--list', '--json');
    expect(r.status).toBe(0);
    const ids = (JSON.parse(r.stdout) as { formats: { id: string }[] }).formats.map((f) => f.id);
    expect(ids).toEqual([
      'openai-chat',
      'sft-json',
      'verl-sft-parquet',
      'verl-sft-csv',
      'dpo-pairs',
      'trl-preference',
      'openai-dpo',
      'kto',
      'verl-rl-parquet',
      'rollouts-jsonl',
    ]);
  });

  it('writes the files and the manifest; bad arguments exit 2', () => {
    const r = sift(
      'export',
      '--dataset',
      'cli',
      '--format',
      'openai-chat',
      '--out',
      'out',
      '--min-reward',
      '0.5',
      '--split',
      'task:0.75',
      '--seed',
      '3',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { manifest } = JSON.parse(r.stdout) as {
      manifest: { counts: { written: number }; split: { by: string; ratio: number; seed: number } };
    };
    expect(manifest.counts.written).toBe(20);
    expect(manifest.split).toMatchObject({ by: 'task', ratio: 0.75, seed: 3 });
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['manifest.json', 'test.jsonl', 'train.jsonl']);
    expect(sift('export', '--dataset', 'cli', '--format', 'nope', '--out', 'x').status).toBe(2);
    expect(sift('export', '--dataset', 'cli', '--format', 'kto', '--out', 'x', '--split', 'half').status).toBe(2);
  });
});

const RESULTS = path.resolve(import.meta.dirname, '../../shared/fixtures/real/tau2/airline_gpt-4.1_sierra_1trial.json');
if (!fs.existsSync(RESULTS))
  console.warn(`export-cli: make / to-openai skipped, ${RESULTS} is missing (needs ../shared)`);

describe.skipIf(!fs.existsSync(RESULTS))('sift make / sift to-openai (tau2 layout)', () => {
  it('make writes NAME.json with train and test; to-openai writes <split>_<name>.jsonl; the database is untouched', () => {
    const before = sift('datasets', '--json').stdout;
    const m = sift('make', '--result-paths', RESULTS, '--save-dir', 'tau2', '--name', 'air');
    expect(m.stderr).toBe('');
    expect(m.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'tau2'))).toEqual(['air.json']);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'tau2', 'air.json'), 'utf8')) as {
      splits: Record<string, { task_id: string; reward: number }[]>;
    };
    expect(Object.keys(doc.splits)).toEqual(['train', 'test']);
    expect(doc.splits.train.length + doc.splits.test.length).toBe(20);
    const trainTasks = new Set(doc.splits.train.map((r) => r.task_id));
    for (const r of doc.splits.test) expect(trainTasks.has(r.task_id)).toBe(false);
    expect(sift('datasets', '--json').stdout).toBe(before);

    const o = sift(
      'to-openai',
      '--dataset-path',
      'tau2/air.json',
      '--save-dir',
      'oa',
      '--split',
      'train',
      'test',
      '--success-only',
    );
    expect(o.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'oa')).sort()).toEqual(['test_air.jsonl', 'train_air.jsonl']);
    const success = [...doc.splits.train, ...doc.splits.test].filter((r) => r.reward === 1).length;
    const lines = ['train', 'test'].flatMap((s) =>
      fs
        .readFileSync(path.join(dir, 'oa', `${s}_air.jsonl`), 'utf8')
        .split('\n')
        .filter(Boolean),
    );
    expect(lines.length).toBe(success);
    for (const l of lines)
      expect((JSON.parse(l) as { messages: { role: string }[] }).messages.at(-1)!.role).toBe('assistant');
  });
});
