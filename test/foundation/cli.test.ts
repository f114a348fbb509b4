import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const sift = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(root, 'bin/sift.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('sift CLI', () => {
  it('lists datasets as JSON from the database given by --db', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-cli-'));
    const db = path.join(dir, 'x.db');
    execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/prepare-db.ts')], {
      env: { ...process.env, SIFT_DB: db },
    });
    const r = sift(['--db', db, 'datasets', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.datasets).toHaveLength(1);
    expect(out.datasets[0]).toMatchObject({ name: 'Sample: retail support agent', rollouts: 300, tasks: 60 });
  });

  it('fails with a one-line reason on a corrupt database', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sift-cli-')), 'bad.db');
    fs.writeFileSync(file, 'garbage'.repeat(1000));
    const r = sift(['--db', file, 'datasets']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/is not a readable Sift database/);
  });
});
