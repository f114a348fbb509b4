/**
 * `sift review` in its own process on the sample dataset: queue create (sample, recipe, suspicious),
 * import (every bad line reported, nothing written; then a clean file), stats --json in the issue's
 * shape, queues --json, and --as refusing a reviewer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const SAMPLE = 'Sample: retail support agent';
let dir: string;
let db: string;

function sift(args: string[], input?: string) {
  return spawnSync(process.execPath, [path.join(root, 'bin/sift.mjs'), '--db', db, ...args], {
    cwd: dir,
    encoding: 'utf8',
    input,
    env: { ...process.env, SIFT_DB: db },
  });
}

function json(args: string[]): unknown {
  const r = sift([...args, '--json']);
  if (r.status !== 0) throw new Error(`sift ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-review-cli-'));
  db = path.join(dir, 'sift.db');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/prepare-db.ts')], {
    cwd: root,
    env: { ...process.env, SIFT_DB: db },
  });
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sift review', () => {
  it('queue create --sample N --seed S --overlap K --json → {id, items}', () => {
    const q = json([
      'review',
      'queue',
      'create',
      '--dataset',
      SAMPLE,
      '--name',
      'sample',
      '--sample',
      '20',
      '--seed',
      '3',
      '--overlap',
      '2',
    ]);
    expect(q).toEqual({ id: expect.any(Number), items: 20 });
    const r = json([
      'review',
      'queue',
      'create',
      '--dataset',
      SAMPLE,
      '--name',
      'recipe',
      '--recipe',
      writeRecipe(),
    ]) as { items: number };
    expect(r.items).toBeGreaterThan(0);
    const s = sift(['review', 'queue', 'create', '--dataset', SAMPLE, '--name', 'sus', '--suspicious', '--json']);
    expect([0, 1]).toContain(s.status); // the sample may flag nothing: then it says so
    if (s.status === 1) expect(s.stderr).toMatch(/selects nothing/);
    expect(sift(['review', 'queue', 'create', '--dataset', SAMPLE, '--name', 'x']).status).toBe(2);
  });

  it('import reports bad lines by number and writes nothing; a clean file imports', () => {
    fs.writeFileSync(path.join(dir, 'users.txt'), 'a long test password\n');
    for (const [name, role] of [
      ['admin1', 'admin'],
      ['ann', 'reviewer'],
      ['ben', 'reviewer'],
    ])
      expect(sift(['users', 'add', name, '--role', role, '--password-stdin'], 'a long test password\n').status).toBe(0);
    const ids = (json(['review', 'queues']) as { queues: { id: number; name: string }[] }).queues;
    const queueId = ids.find((q) => q.name === 'sample')!.id;
    const ext = sampleExternalIds(queueId);
    const bad = [
      { rollout: ext[0], reviewer: 'ann', verdict: 'accept' },
      { rollout: 'nope', reviewer: 'ann', verdict: 'accept' },
      { rollout: ext[1], reviewer: 'nobody', verdict: 'maybe' },
    ];
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), bad.map((l) => JSON.stringify(l)).join('\n'));
    const r = sift(['review', 'import', '--queue', 'sample', 'bad.jsonl']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:2: \$\.rollout: no rollout nope/);
    expect(r.stderr).toMatch(/bad\.jsonl:3: /);
    expect(r.stderr).toMatch(/nothing was imported/);
    const lines = ext.slice(0, 4).flatMap((e, k) => [
      { rollout: e, reviewer: 'ann', verdict: 'accept' },
      { rollout: e, reviewer: 'ben', verdict: k < 3 ? 'accept' : 'reject' },
    ]);
    fs.writeFileSync(path.join(dir, 'good.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(json(['review', 'import', '--queue', String(queueId), 'good.jsonl'])).toEqual({ imported: 8, issues: [] });
    const stats = json(['review', 'stats', '--queue', 'sample']) as Record<string, unknown>;
    expect(stats).toMatchObject({
      items: 20,
      reviewed: 4,
      verdict: { percentAgreement: 0.75, cohenKappa: 0, krippendorffAlpha: expect.any(Number) },
      labels: expect.any(Object),
      reviewers: [
        expect.objectContaining({ reviewer: 'ann', items: 4 }),
        expect.objectContaining({ reviewer: 'ben', items: 4 }),
      ],
    });
    const queues = json(['review', 'queues']) as { queues: { name: string; reviewsSubmitted: number }[] };
    expect(queues.queues.find((q) => q.name === 'sample')!.reviewsSubmitted).toBe(8);
  });

  it('--as a reviewer may not create queues', () => {
    const r = sift([
      '--as',
      'ann',
      'review',
      'queue',
      'create',
      '--dataset',
      SAMPLE,
      '--name',
      'nope',
      '--sample',
      '2',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/needs the curator role/);
  });
});

function writeRecipe(): string {
  const file = path.join(dir, 'recipe.json');
  fs.writeFileSync(file, JSON.stringify({ version: 1, sft: { minReward: 1 } }));
  return file;
}

function sampleExternalIds(queueId: number): string[] {
  const handle = new Database(db, { readonly: true });
  try {
    const rows = handle
      .prepare(
        `SELECT r.externalId FROM "ReviewItem" i JOIN "Rollout" r ON r.id = i.rolloutId WHERE i.queueId = ? ORDER BY i.position`,
      )
      .all(queueId) as { externalId: string }[];
    return rows.map((r) => r.externalId);
  } finally {
    handle.close();
  }
}
