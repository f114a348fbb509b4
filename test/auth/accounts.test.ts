/**
 * Accounts end to end through lib/auth (no mocks of the auth library): the first admin inherits the
 * local owner's records, sessions are revocable at once, API keys act with at most their owner's
 * role, the last admin cannot be removed, and local-owner mode holds only on loopback.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_OWNER } from '@/lib/auth/actor';
import { setBind } from '@/lib/auth/bind';
import { actorWithRole, resolveActor } from '@/lib/auth/resolve';
import { serveRefusal } from '@/lib/auth/serve-guard';
import {
  addUser,
  createApiKey,
  removeUser,
  resetPassword,
  revokeApiKey,
  revokeSessions,
  setRole,
} from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { createJob } from '@/lib/db/jobs';
import { createRecipe } from '@/lib/db/recipes';
import { listUsers } from '@/lib/db/users';
import { isAppError } from '@/lib/errors';
import { PASSWORD, requestHeaders, signIn } from './helpers';

const session = (cookie: string) => requestHeaders({ cookie });
const who = async (h: Headers, allowApiKey = false) => (await resolveActor(h, { allowApiKey }))?.name ?? null;
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => (isAppError(e) ? e.code : Promise.reject(e)),
  );

let ownerRecipeId: number;
let ownerJobId: string;
let importId: number;

describe('before any account: the local owner', () => {
  beforeAll(async () => {
    const { raw } = getDb();
    const ds = raw.prepare(`INSERT INTO "Dataset" (name, updatedAt) VALUES ('owned', '2026-01-01')`).run();
    importId = Number(
      raw
        .prepare(`INSERT INTO "Import" (datasetId, fileName, size, sha256) VALUES (?, 'f.jsonl', 1, 'x')`)
        .run(ds.lastInsertRowid).lastInsertRowid,
    );
    ownerRecipeId = (await createRecipe({ name: 'owner recipe', body: { version: 1 } })).id;
    ownerJobId = (await createJob({ kind: 'tokens', payload: {} })).id;
  });

  it('acts for requests on a loopback server whose Host is loopback', async () => {
    setBind('127.0.0.1');
    expect(await resolveActor(requestHeaders(), { allowApiKey: true })).toEqual(LOCAL_OWNER);
    expect(await resolveActor(requestHeaders({ host: 'localhost:3000' }), { allowApiKey: false })).toEqual(LOCAL_OWNER);
  });

  it('is nobody for a request naming another host (a page that rebinds its name to 127.0.0.1)', async () => {
    expect(await codeOf(resolveActor(requestHeaders({ host: 'evil.example' }), { allowApiKey: false }))).toBe(
      'unauthenticated',
    );
  });

  it('does not exist on a network address: nothing is served until an admin exists', async () => {
    setBind('0.0.0.0');
    expect(await codeOf(resolveActor(requestHeaders(), { allowApiKey: false }))).toBe('no_admin');
    expect(await serveRefusal(['0.0.0.0'])).toMatch(
      /^refusing to serve on 0\.0\.0\.0 .*`npx sift users add NAME --role admin`/,
    );
    expect(await serveRefusal(['192.168.1.20'])).toMatch(/without an admin account/);
    expect(await serveRefusal(['127.0.0.1'])).toBeNull();
    expect(await serveRefusal(null)).toMatch(/could not determine/);
    setBind('127.0.0.1');
  });

  it('the first account must be an admin', async () => {
    expect(await codeOf(addUser({ username: 'early', password: PASSWORD, role: 'curator' }))).toBe('last_admin');
  });
});

describe('accounts', () => {
  let adminId: string;

  it('the first admin inherits what the local owner made, at that moment', async () => {
    const added = await addUser({ username: 'Ada', password: PASSWORD, role: 'admin' });
    adminId = added.id;
    expect(added).toMatchObject({ username: 'ada', role: 'admin' });
    expect(added.inherited).toMatchObject({ imports: 1, recipes: 1, jobs: 1 });
    const { raw } = getDb();
    const by = (table: string, id: number | string) =>
      (raw.prepare(`SELECT createdById FROM "${table}" WHERE id = ?`).get(id) as { createdById: string | null })
        .createdById;
    expect([by('Import', importId), by('Recipe', ownerRecipeId), by('Job', ownerJobId)]).toEqual([
      adminId,
      adminId,
      adminId,
    ]);
    // Made after the first admin, by someone else: stays theirs when another admin is added.
    const cur = await addUser({ username: 'cora', password: PASSWORD, role: 'curator' });
    const r = await createRecipe({ name: 'cora recipe', body: { version: 1 }, createdById: cur.id });
    await addUser({ username: 'second', password: PASSWORD, role: 'admin' });
    expect(by('Recipe', r.id)).toBe(cur.id);
    expect((await createRecipe({ name: 'anon', body: { version: 1 } })).createdBy).toBeNull();
  });

  it('sign-in is required now, even on loopback', async () => {
    expect(await resolveActor(requestHeaders(), { allowApiKey: true })).toBeNull();
    expect(await codeOf(actorWithRole(requestHeaders(), 'viewer', { allowApiKey: true }))).toBe('unauthenticated');
  });

  it('refuses bad names and passwords with one-line reasons, and a taken name', async () => {
    expect(await codeOf(addUser({ username: 'x', password: PASSWORD, role: 'viewer' }))).toBe('validation');
    expect(await codeOf(addUser({ username: 'valid', password: 'short', role: 'viewer' }))).toBe('validation');
    expect(await codeOf(addUser({ username: 'ADA', password: PASSWORD, role: 'viewer' }))).toBe('name_taken');
  });

  it('a session is revoked at once: by signing out everywhere, a new password, or removal', async () => {
    await addUser({ username: 'rita', password: PASSWORD, role: 'reviewer' });
    const a = await signIn('rita');
    expect(await who(session(a))).toBe('rita');
    await revokeSessions({ username: 'rita' });
    expect(await who(session(a))).toBeNull();

    const b = await signIn('rita');
    await resetPassword({ username: 'rita', password: 'a brand new password' });
    expect(await who(session(b))).toBeNull();
    await expect(signIn('rita')).rejects.toThrow(/Invalid username or password/);
    const c = await signIn('rita', 'a brand new password');
    expect(await who(session(c))).toBe('rita');

    await removeUser({ username: 'rita' });
    expect(await who(session(c))).toBeNull();
  });

  it('a changed role takes effect on the next request (no role is cached in the cookie)', async () => {
    await addUser({ username: 'vera', password: PASSWORD, role: 'viewer' });
    const h = session(await signIn('vera'));
    expect(await codeOf(actorWithRole(h, 'curator', { allowApiKey: false }))).toBe('forbidden');
    await setRole({ username: 'vera', role: 'curator' });
    expect((await actorWithRole(h, 'curator', { allowApiKey: false })).role).toBe('curator');
  });

  it("an API key acts as its owner, with at most the owner's role, and not at all once revoked", async () => {
    await addUser({ username: 'kim', password: PASSWORD, role: 'curator' });
    const full = await createApiKey({ username: 'kim', label: 'ci' });
    const limited = await createApiKey({ username: 'kim', label: 'read', role: 'viewer' });
    expect(full.key).toMatch(/^sift_/);
    const bearer = (k: string) => requestHeaders({ authorization: `Bearer ${k}` });
    const x = (k: string) => requestHeaders({ 'x-api-key': k });

    expect(await resolveActor(bearer(full.key), { allowApiKey: true })).toMatchObject({
      name: 'kim',
      role: 'curator',
      via: 'api-key',
    });
    expect((await resolveActor(x(limited.key), { allowApiKey: true }))?.role).toBe('viewer');
    expect(await codeOf(actorWithRole(x(limited.key), 'curator', { allowApiKey: true }))).toBe('forbidden');
    // Capped at the owner's role as it is now: demoting the owner demotes every key.
    await setRole({ username: 'kim', role: 'reviewer' });
    expect((await resolveActor(bearer(full.key), { allowApiKey: true }))?.role).toBe('reviewer');
    expect((await resolveActor(x(limited.key), { allowApiKey: true }))?.role).toBe('viewer');
    // A key cannot be made above its owner's role.
    expect(await codeOf(createApiKey({ username: 'kim', role: 'admin' }))).toBe('forbidden');
    // Where keys are not accepted (server actions, pages) a key is no session.
    expect(await resolveActor(bearer(full.key), { allowApiKey: false })).toBeNull();
    // Wrong, revoked, or its owner removed.
    expect(await codeOf(resolveActor(bearer(full.key.slice(0, -1) + 'x'), { allowApiKey: true }))).toBe(
      'unauthenticated',
    );
    await revokeApiKey({ id: full.id, username: 'kim' });
    expect(await codeOf(resolveActor(bearer(full.key), { allowApiKey: true }))).toBe('unauthenticated');
    await removeUser({ username: 'kim' });
    expect(await codeOf(resolveActor(x(limited.key), { allowApiKey: true }))).toBe('unauthenticated');
  });

  it('keeps an admin while any account exists', async () => {
    await removeUser({ username: 'second' });
    expect(await codeOf(removeUser({ username: 'ada' }))).toBe('last_admin');
    expect(await codeOf(setRole({ username: 'ada', role: 'curator' }))).toBe('last_admin');
    expect(await codeOf(removeUser({ username: 'nobody' }))).toBe('user_not_found');
    for (const u of await listUsers()) if (u.username !== 'ada') await removeUser({ username: u.username });
    // The last account of all may go: Sift is back to the local owner (on loopback).
    await removeUser({ username: 'ada' });
    expect(await resolveActor(requestHeaders(), { allowApiKey: false })).toEqual(LOCAL_OWNER);
  });
});
