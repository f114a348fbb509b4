/**
 * The README's "sift on your PATH": a global install of the clone's folder (what `npm link` does
 * too) into a throwaway prefix, offline, then `sift` run by name from another folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd();
let tmp: string;
let prefix: string;
let elsewhere: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-on-path-'));
  prefix = path.join(tmp, 'prefix');
  elsewhere = path.join(tmp, 'elsewhere');
  fs.mkdirSync(elsewhere);
  // --offline: a folder install links the clone and fetches nothing; --ignore-scripts: the clone is
  // already installed (its postinstall generated the Prisma client).
  const npm = spawnSync(
    'npm',
    ['install', '--global', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', root],
    { cwd: elsewhere, encoding: 'utf8' },
  );
  expect(npm.status, npm.stderr).toBe(0);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sift(...args: string[]) {
  return spawnSync('sift', args, {
    cwd: elsewhere,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`,
      SIFT_DB: undefined,
    },
  });
}

describe('sift on the PATH', () => {
  it('the README says how, with the command this test runs', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain('npm install -g /path/to/sift');
    expect(readme).toContain('npm install -g --prefix ~/.local /path/to/sift');
    expect(readme).toContain('npm link');
  });

  it('runs by name from another folder', () => {
    const help = sift('--help');
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: sift');

    const db = path.join(elsewhere, 'mine.db');
    const formats = sift('--db', 'mine.db', 'formats', '--json');
    expect(formats.status, formats.stderr).toBe(0);
    expect((JSON.parse(formats.stdout) as { formats: { id: string }[] }).formats.map((f) => f.id)).toContain('tau2');
    // --db is relative to the folder it runs in.
    expect(fs.existsSync(db)).toBe(true);
  });
});
