/** `sift import` and `sift formats` as a user runs them: output shapes and exit codes. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIds } from '@/lib/formats/registry';
import { nemoLines, tmpDir, writeJsonl } from './import-fixtures';

let dir: string;
let db: string;
beforeAll(() => {
  dir = tmpDir('sift-cli-');
  db = path.join(dir, 'cli.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sift(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/sift.mjs', '--db', db, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SIFT_DB: undefined },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sift import', { timeout: 240_000 }, () => {
  it('--json reports every file with counts and issues; exit 0 when it landed, even with skipped records', () => {
    const a = writeJsonl(dir, 'a.jsonl', [...nemoLines(5), '{"nope": 1}']);
    const b = writeJsonl(dir, 'b.jsonl.gz', nemoLines(3, 100), { gzip: true });
    const r = sift('import', '--json', '--dataset', 'cli', a, b);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { files: Record<string, unknown>[] };
    expect(out.files).toHaveLength(2);
    expect(out.files[0]).toMatchObject({
      file: a,
      status: 'imported',
      format: 'nemo-gym',
      read: 6,
      imported: 5,
      skipped: 1,
      duplicates: 0,
    });
    expect(out.files[0].issues).toEqual([
      { record: 5, line: 6, path: expect.stringMatching(/^\$/), message: expect.any(String) },
    ]);
    expect(out.files[1]).toMatchObject({
      file: b,
      status: 'imported',
      read: 3,
      imported: 3,
      skipped: 0,
      duplicates: 0,
      issues: [],
    });
  });

  it('the same file again prints that and exits 0 without importing, unless --force', () => {
    const a = path.join(dir, 'a.jsonl');
    const again = sift('import', '--dataset', 'cli', a);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already imported into "cli" on .*--force/);
    const json = JSON.parse(sift('import', '--json', '--dataset', 'cli', a).stdout);
    expect(json.files[0]).toMatchObject({ status: 'already-imported', imported: 0, previous: { datasetName: 'cli' } });
    const forced = sift('import', '--json', '--force', '--dataset', 'cli', a);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).files[0]).toMatchObject({
      status: 'imported',
      read: 6,
      imported: 0,
      duplicates: 5,
      skipped: 1,
    });
  });

  it('exits 1 when nothing landed: strict abort, unknown format, missing file', () => {
    const bad = writeJsonl(dir, 'bad.jsonl', [...nemoLines(2, 200), '{"nope": 1}']);
    const strict = sift('import', '--strict', '--json', '--dataset', 'cli-strict', bad);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).files[0]).toMatchObject({
      status: 'failed',
      imported: 0,
      error: { code: 'strict_abort' },
      issues: [{ record: 2, line: 3 }],
    });
    expect(strict.stderr).toMatch(/strict mode/);

    const weird = writeJsonl(dir, 'weird.jsonl', ['{"a": 1}']);
    const unknown = sift('import', '--dataset', 'cli-weird', weird);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/could not recognise weird\.jsonl[\s\S]*nemo-gym/);

    const missing = sift('import', '--dataset', 'cli', path.join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read nope\.jsonl/);

    const datasets = JSON.parse(sift('datasets', '--json').stdout) as { datasets: { name: string }[] };
    expect(datasets.datasets.map((d) => d.name)).toEqual(['cli']);
  });

  it('--format skips detection; an unknown id is an error', () => {
    const a = writeJsonl(dir, 'forced.jsonl', nemoLines(2, 300));
    expect(
      JSON.parse(sift('import', '--json', '--format', 'nemo-gym', '--dataset', 'cli-f', a).stdout).files[0],
    ).toMatchObject({
      status: 'imported',
      format: 'nemo-gym',
      reason: expect.stringMatching(/chosen by the user/),
    });
    const r = sift('import', '--format', 'nope', '--dataset', 'cli-f2', a);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown format "nope"/);
  });

  it('takes --db after the subcommand too (sift import --db PATH ...)', () => {
    const other = path.join(dir, 'other.db');
    const a = writeJsonl(dir, 'db-after.jsonl', nemoLines(2, 600));
    const r = spawnSync(
      process.execPath,
      ['bin/sift.mjs', 'import', '--db', other, '--json', '--dataset', 'elsewhere', a],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(other)).toBe(true);
    const listed = spawnSync(process.execPath, ['bin/sift.mjs', '--db', other, 'datasets', '--json'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(listed.stdout).datasets.map((d: { name: string }) => d.name)).toEqual(['elsewhere']);
  });

  it('a human summary with counts', () => {
    const a = writeJsonl(dir, 'human.jsonl', [...nemoLines(3, 400), '{"nope": 1}']);
    const r = sift('import', '--dataset', 'cli-h', a);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/human\.jsonl → dataset #\d+ as nemo-gym/);
    expect(r.stdout).toMatch(/read 4 · imported 3 · skipped 1 · duplicates 0/);
    expect(r.stdout).toMatch(/record 3 line 4 \$/);
  });
});

describe('sift formats', { timeout: 120_000 }, () => {
  it('lists every registered format id', () => {
    const r = sift('formats');
    expect(r.code).toBe(0);
    for (const id of formatIds()) expect(r.stdout).toContain(id);
    const json = JSON.parse(sift('formats', '--json').stdout) as {
      formats: { id: string; label: string; description: string }[];
    };
    expect(json.formats.map((f) => f.id)).toEqual(formatIds());
    for (const f of json.formats) expect(f.label && f.description).toBeTruthy();
  });
});
