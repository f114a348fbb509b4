/**
 * The HTTP side once accounts exist: every route handler answers 401 to an anonymous request and
 * 403 to a role below its own, accepts API keys, refuses cross-origin state-changing requests; the
 * auth library's routes are limited to an allowlist; sign-in does not tell which names exist and
 * throttles guessing. Route modules are called directly with Request objects.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setBind } from '@/lib/auth/bind';
import { MAX_FAILURES } from '@/lib/auth/throttle';
import { createApiKey } from '@/lib/auth/users';
import type { Role } from '@/lib/auth/roles';
import { HOST, makeTeam, PASSWORD, requestHeaders } from './helpers';

vi.mock('next/headers', () => ({
  headers: async () => requestHeaders(),
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));

const root = path.resolve(__dirname, '../..');
const ORIGIN = `http://${HOST}`;
type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Every route handler but the auth library's own, with the least role it needs. */
const ROUTES: Record<string, { role: Role; params: Record<string, string>; query?: string }> = {
  'GET /api/jobs': { role: 'viewer', params: {} },
  'GET /api/jobs/[id]': { role: 'viewer', params: { id: 'nope' } },
  'POST /api/uploads': { role: 'curator', params: {} },
  'GET /api/datasets/[id]/curation-model': { role: 'viewer', params: { id: '999999' } },
  'GET /api/exports/[id]/files/[name]': { role: 'viewer', params: { id: '999999', name: 'x.jsonl' } },
  'GET /api/token-analyses/[jobId]/columns': { role: 'viewer', params: { jobId: 'nope' } },
};

const routeFiles = (fs.readdirSync(path.join(root, 'app/api'), { recursive: true }) as string[])
  .filter((f) => /(^|\/)route\.ts$/.test(f) && !f.startsWith('auth/'))
  .map((f) => `/api/${path.dirname(f)}`);

const handlers = new Map<string, Handler>();
for (const r of routeFiles) {
  const mod = (await import(/* @vite-ignore */ path.join(root, 'app', r, 'route.ts'))) as Record<string, unknown>;
  for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
    if (typeof mod[m] === 'function') handlers.set(`${m} ${r}`, mod[m] as Handler);
}

function call(key: string, headers: Record<string, string> = {}): Promise<Response> {
  const [method, route] = key.split(' ');
  const { params } = ROUTES[key];
  const url = `${ORIGIN}${route.replace(/\[(\w+)\]/g, (_, k: string) => params[k])}`;
  const request = new Request(url, {
    method,
    headers: { host: HOST, ...headers },
    ...(method === 'POST' ? { body: 'x' } : {}),
  });
  return handlers.get(key)!(request, { params: Promise.resolve(params) });
}

let team: Awaited<ReturnType<typeof makeTeam>>;
let viewerKey: string;

beforeAll(async () => {
  setBind('127.0.0.1');
  team = await makeTeam('r-');
  viewerKey = (await createApiKey({ username: team.curator.name, label: 'limited', role: 'viewer' })).key;
});

describe('route handlers', () => {
  it('each has a row (a new route cannot ship without one)', () => {
    expect([...handlers.keys()].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it.each(Object.keys(ROUTES))('%s: 401 JSON to an anonymous request', async (key) => {
    const res = await call(key);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it.each(Object.entries(ROUTES))('%s: passes its own role (%o), 403 below it', async (key, { role }) => {
    const below: Record<Role, Role | null> = {
      viewer: null,
      reviewer: 'viewer',
      curator: 'reviewer',
      admin: 'curator',
    };
    const ok = await call(key, { cookie: team[role].cookie, origin: ORIGIN });
    expect([401, 403]).not.toContain(ok.status);
    const low = below[role];
    if (low) expect((await call(key, { cookie: team[low].cookie, origin: ORIGIN })).status).toBe(403);
  });

  it('take API keys (Bearer or x-api-key), capped at the key role', async () => {
    const admin = (await createApiKey({ username: team.admin.name, label: 'ci' })).key;
    expect((await call('GET /api/jobs', { authorization: `Bearer ${admin}` })).status).toBe(200);
    expect((await call('GET /api/jobs', { 'x-api-key': viewerKey })).status).toBe(200);
    const capped = await call('POST /api/uploads', { 'x-api-key': viewerKey });
    expect(capped.status).toBe(403);
    expect((await capped.json()).error.message).toMatch(/needs the curator role/);
    expect((await call('GET /api/jobs', { 'x-api-key': 'sift_' + 'x'.repeat(64) })).status).toBe(401);
  });

  it('refuse a state-changing request from another origin, even with a valid session', async () => {
    const cookie = team.curator.cookie;
    for (const origin of ['http://evil.example', 'http://127.0.0.1:3001', 'null']) {
      const res = await call('POST /api/uploads', { cookie, origin });
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toMatch(/Cross-origin/);
    }
    // Its own origin, or no Origin at all (not a browser page: curl, a script), passes on to the handler.
    expect((await call('POST /api/uploads', { cookie, origin: ORIGIN })).status).toBe(400);
    expect((await call('POST /api/uploads', { cookie })).status).toBe(400);
    // Reads are not checked: a GET changes nothing.
    expect((await call('GET /api/jobs', { cookie, origin: 'http://evil.example' })).status).toBe(200);
  });
});

describe("the auth library's own routes (/api/auth/*)", () => {
  let handle: (r: Request) => Promise<Response>;
  beforeAll(async () => {
    handle = (await import('@/app/api/auth/[...all]/route')).GET;
  });
  const req = (p: string, init: RequestInit = {}) =>
    new Request(`${ORIGIN}/api/auth/${p}`, { ...init, headers: { host: HOST, ...(init.headers ?? {}) } });

  it('get-session answers for the session cookie (toNextJsHandler works in the App Router)', async () => {
    const res = await handle(req('get-session', { headers: { cookie: team.reviewer.cookie } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { username: 'r-reviewer', role: 'reviewer' } });
  });

  it.each([
    ['POST', 'sign-up/email'],
    ['POST', 'sign-in/username'],
    ['POST', 'sign-in/email'],
    ['POST', 'is-username-available'],
    ['POST', 'admin/set-role'],
    ['POST', 'api-key/create'],
    ['GET', 'list-sessions'],
  ])('%s %s is not served', async (method, p) => {
    const res = await handle(
      req(p, {
        method,
        headers: { cookie: team.admin.cookie, 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      }),
    );
    expect(res.status).toBe(404);
  });
});

describe('sign-in', () => {
  let signInAction: (input: { username: string; password: string; next?: string }) => Promise<unknown>;
  beforeAll(async () => {
    ({ signInAction } = await import('@/app/sign-in/actions'));
  });

  it('says the same for an unknown name and a wrong password', async () => {
    const unknown = await signInAction({ username: 'nobody-at-all', password: PASSWORD });
    const wrong = await signInAction({ username: 'r-viewer', password: 'not the password' });
    expect(unknown).toEqual(wrong);
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', message: 'Wrong user name or password.' },
    });
  });

  it('signs in, and goes back only to a path of this site', async () => {
    expect(await signInAction({ username: 'R-Viewer', password: PASSWORD, next: '/exports' })).toEqual({
      ok: true,
      data: { next: '/exports' },
    });
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example'])
      expect(await signInAction({ username: 'r-viewer', password: PASSWORD, next })).toEqual({
        ok: true,
        data: { next: '/datasets' },
      });
  });

  it(`throttles a name after ${MAX_FAILURES} wrong passwords, even with the right one`, async () => {
    for (let i = 0; i < MAX_FAILURES; i++) await signInAction({ username: 'r-curator', password: `guess ${i} guess` });
    expect(await signInAction({ username: 'r-curator', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Too many failed attempts/) },
    });
    // Other names are not affected.
    expect(await signInAction({ username: 'r-admin', password: PASSWORD })).toMatchObject({ ok: true });
  });
});
