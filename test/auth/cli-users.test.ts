/**
 * `sift users ...` and `sift --as` as a person runs them: passwords from stdin, one-line reasons,
 * keys printed once, and an import recorded as the account named by --as. Also `npm start`'s refusal
 * to serve a network address without an admin (it exits before building).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-cli-users-'));
const db = path.join(dir, 'sift.db');

function sift(args: string[], stdin?: string) {
  return spawnSync(process.execPath, [path.join(root, 'bin/sift.mjs'), '--db', db, ...args], {
    encoding: 'utf8',
    input: stdin,
  });
}
const oneLine = (s: string) => s.trim().split('\n').length === 1;

describe('sift users', () => {
  it('lists no accounts at first (local-owner mode)', () => {
    const r = sift(['users', 'list', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ users: [] });
  });

  it.each([
    [['users', 'add', 'ada', '--role', 'admin', '--password-stdin'], 'short', 2, /at least 10 characters/],
    [['users', 'add', 'ada', '--role', 'boss', '--password-stdin'], 'a long password!', 2, /--role must be one of/],
    [
      ['users', 'add', 'bob', '--role', 'viewer', '--password-stdin'],
      'a long password!',
      1,
      /first account must be an admin/,
    ],
    [['users', 'add', 'ada', '--role', 'admin'], '', 2, /--password-stdin/],
    [['users', 'remove', 'nobody'], undefined, 1, /no user "nobody"/],
  ])('refuses %j with one line', (args, stdin, status, message) => {
    const r = sift(args as string[], stdin as string | undefined);
    expect(r.status).toBe(status);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it('adds the first admin and others, and lists them', () => {
    const a = sift(['users', 'add', 'Ada', '--role', 'admin', '--password-stdin', '--json'], 'correct horse battery\n');
    expect(a.status, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ user: { username: 'ada', role: 'admin' }, inherited: { imports: 0 } });
    expect(sift(['users', 'add', 'rob', '--role', 'reviewer', '--password-stdin'], 'reviewer password').status).toBe(0);
    expect(sift(['users', 'add', 'cy', '--role', 'curator', '--password-stdin'], 'curator password').status).toBe(0);
    const list = JSON.parse(sift(['users', 'list', '--json']).stdout).users as { username: string; role: string }[];
    expect(list.map((u) => [u.username, u.role])).toEqual([
      ['ada', 'admin'],
      ['cy', 'curator'],
      ['rob', 'reviewer'],
    ]);
    const taken = sift(['users', 'add', 'ROB', '--role', 'viewer', '--password-stdin'], 'another password');
    expect(taken.status).toBe(1);
    expect(taken.stderr).toMatch(/already a user "rob"/);
  });

  it('changes roles and passwords, and keeps an admin', () => {
    expect(sift(['users', 'set-role', 'rob', 'viewer']).stdout).toMatch(/rob is now a viewer/);
    const last = sift(['users', 'set-role', 'ada', 'viewer']);
    expect(last.status).toBe(1);
    expect(last.stderr).toMatch(/only admin/);
    const reset = sift(['users', 'reset-password', 'rob', '--password-stdin'], 'a new long password');
    expect(reset.status, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/sessions were signed out/);
  });

  it('creates an API key printed once (only its hash is stored), lists and revokes it', () => {
    const c = sift(['users', 'api-key', 'create', 'cy', '--label', 'nightly', '--role', 'viewer', '--json']);
    expect(c.status, c.stderr).toBe(0);
    const { id, key, role } = JSON.parse(c.stdout);
    expect(key).toMatch(/^sift_[A-Za-z]{64}$/);
    expect(role).toBe('viewer');
    const raw = new Database(db, { readonly: true });
    const stored = raw.prepare('SELECT key, start FROM "Apikey" WHERE id = ?').get(id) as {
      key: string;
      start: string;
    };
    raw.close();
    expect(stored.key).not.toContain(key.slice(5));
    expect(key.startsWith(stored.start)).toBe(true);
    const list = JSON.parse(sift(['users', 'api-key', 'list', '--json']).stdout).keys;
    expect(list).toEqual([expect.objectContaining({ id, owner: 'cy', name: 'nightly', role: 'viewer' })]);
    expect(JSON.stringify(list)).not.toContain(key);
    expect(sift(['users', 'api-key', 'revoke', id]).stdout).toMatch(/revoked/);
    expect(sift(['users', 'api-key', 'revoke', id]).status).toBe(1);
    const above = sift(['users', 'api-key', 'create', 'rob', '--role', 'admin']);
    expect(above.status).toBe(1);
    expect(above.stderr).toMatch(/cannot have the admin role/);
  });

  it('records an import as the account of --as, when its role allows importing', () => {
    const file = path.join(root, 'test/fixtures/nemo-gym/rollouts.jsonl');
    const refused = sift(['--as', 'rob', 'import', '--dataset', 'as-test', file]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/needs the curator role; rob is a viewer/);
    const unknown = sift(['--as', 'ghost', 'import', '--dataset', 'as-test', file]);
    expect(unknown.stderr).toMatch(/no such user/);
    const ok = sift(['--as', 'cy', 'import', '--dataset', 'as-test', '--json', file]);
    expect(ok.status, ok.stderr).toBe(0);
    const owner = sift(['import', '--dataset', 'as-test-2', '--json', file]);
    expect(owner.status, owner.stderr).toBe(0);
    const raw = new Database(db, { readonly: true });
    const rows = raw
      .prepare(
        `SELECT d.name AS dataset, u.username FROM "Import" i JOIN "Dataset" d ON d.id = i.datasetId LEFT JOIN "User" u ON u.id = i.createdById ORDER BY i.id`,
      )
      .all();
    raw.close();
    expect(rows).toEqual([
      { dataset: 'as-test', username: 'cy' },
      { dataset: 'as-test-2', username: null },
    ]);
  });

  it('removes an account; what it made stays, without a creator', () => {
    expect(sift(['users', 'remove', 'cy']).status).toBe(0);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare(`SELECT count(*) AS n, max(createdById) AS by FROM "Import"`).get()).toEqual({ n: 2, by: null });
    raw.close();
  });
});

describe('npm start on a network address', () => {
  it('refuses with one line, before building, until an admin exists', () => {
    const fresh = path.join(dir, 'fresh.db');
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts')], {
      encoding: 'utf8',
      cwd: root,
      env: { ...process.env, SIFT_DB: fresh, HOST: '0.0.0.0', PORT: '3199' },
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    const errLines = r.stderr.trim().split('\n');
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(
      /^sift: refusing to serve on 0\.0\.0\.0 .* create one first with `npx sift users add NAME --role admin`, or serve on HOST=127\.0\.0\.1\.$/,
    );
    expect(r.stdout).not.toMatch(/building|serving/);
  });
});
