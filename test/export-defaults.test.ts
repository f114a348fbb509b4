/**
 * One set of export defaults (lib/export/defaults.ts) for the UI and the CLI: `sift export` without
 * --split splits by task when the dataset has task ids and by prompt when it has none (the exports
 * page starts from the same rule, e2e/defaults-and-details.spec.ts), and `--help` names the held-out split
 * each format writes and why.
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

function exportManifest(dataset: string, format: string, out: string) {
  const r = sift('export', '--dataset', dataset, '--format', format, '--out', out, '--min-reward', '0', '--json');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as { manifest: { split: Record<string, unknown>; files: { name: string }[] } }).manifest;
}

beforeAll(() => {
  dir = tmpDir('sift-export-defaults-');
  db = path.join(dir, 'defaults.db');
  fs.writeFileSync(
    path.join(dir, 'tasks.jsonl'),
    Array.from({ length: 40 }, (_, i) => exportLine(i)).join('\n') + '\n',
  );
  expect(sift('import', '--dataset', 'with-tasks', 'tasks.jsonl').status).toBe(0);
  const hh = sift('import', '--dataset', 'no-tasks', path.join(root, 'test/fixtures/hh-rlhf/pairs.jsonl'));
  expect(hh.status, hh.stderr).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('export defaults', () => {
  it('without --split: by task when the dataset has task ids, by prompt when it has none', () => {
    expect(exportManifest('with-tasks', 'openai-chat', 'a').split).toMatchObject({
      by: 'task',
      ratio: 0.9,
      seed: 0,
      heldOut: 'test',
    });
    expect(exportManifest('no-tasks', 'openai-chat', 'b').split).toMatchObject({ by: 'prompt', ratio: 0.9 });
  });

  it('verl formats hold out `val` (verl reads data.val_files), the others `test`', () => {
    const m = exportManifest('with-tasks', 'verl-rl-parquet', 'c');
    expect(m.split.heldOut).toBe('val');
    expect(m.files.map((f) => f.name).sort()).toEqual(['train.parquet', 'val.parquet']);
    expect(exportManifest('with-tasks', 'verl-sft-parquet', 'd').split.heldOut).toBe('val');
    expect(exportManifest('with-tasks', 'kto', 'e').split.heldOut).toBe('test');
  });

  it('`sift export --help` names the default split rule and the held-out split of every format, with the reason', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin/sift.mjs'), 'export', '--help'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('default: task:0.9 when the dataset has task ids, else prompt:0.9');
    expect(help).toMatch(/verl-rl-parquet val verl trainers read data\.train_files and data\.val_files/);
    expect(help).toMatch(/verl-sft-parquet val /);
    expect(help).toMatch(/openai-chat test TRL's scripts read dataset_test_split/);
    expect(help).toMatch(/sft-json test tau2's prepare_dataset/);
  });
});
