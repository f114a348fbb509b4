/**
 * Sift served for a team: its own server on 0.0.0.0 and its own database (not the suite's
 * local-owner server). Without an admin the server refuses to start; with accounts, every page
 * redirects an anonymous visitor to /sign-in and every route handler answers 401; a reviewer sees
 * no import, recipe-saving or export controls, and the export action called directly is refused.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const root = process.cwd();
const PORT = Number(process.env.E2E_AUTH_PORT ?? 3117);
const BASE = `http://127.0.0.1:${PORT}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-e2e-auth-'));
const env = {
  ...process.env,
  SIFT_DB: path.join(dir, 'sift.db'),
  SIFT_ROOT: root,
  NEXT_TELEMETRY_DISABLED: '1',
};
const PASSWORD = 'e2e password, long enough';

function sift(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/sift.mjs'), ...args], { env, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sift ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function startServer(): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '0.0.0.0', '-p', String(PORT)],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  child.stdout!.resume();
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stderr: () => err, exited };
}

async function waitUntilUp(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/sign-in`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server did not come up');
}

/** Every page of the app, with its dynamic segments filled (the session check comes first anyway). */
function allPages(): string[] {
  const app = path.join(root, 'app');
  return (fs.readdirSync(app, { recursive: true }) as string[])
    .filter((f) => /(^|\/)page\.tsx$/.test(f) && !f.startsWith('sign-in'))
    .map(
      (f) =>
        '/' +
        path
          .dirname(f)
          .replace(/^\.$/, '')
          .replace(/\[\w+\]/g, '1'),
    )
    .map((p) => (p === '/' ? '/' : p.replace(/\/$/, '')));
}

/** Every route handler and method, but the auth library's own. */
function allRoutes(): { method: string; url: string }[] {
  const api = path.join(root, 'app/api');
  return (fs.readdirSync(api, { recursive: true }) as string[])
    .filter((f) => /(^|\/)route\.ts$/.test(f) && !f.startsWith('auth'))
    .flatMap((f) => {
      const src = fs.readFileSync(path.join(api, f), 'utf8');
      const url = '/api/' + path.dirname(f).replace(/\[\w+\]/g, '1');
      return [...src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => ({ method: m[1], url }));
    });
}

async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('User name').fill(username);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE });
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('on 0.0.0.0 without an admin the server itself refuses to start, in one line', async () => {
  spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/prepare-db.ts')], { env });
  const s = startServer();
  const code = await Promise.race([s.exited, new Promise((r) => setTimeout(() => r('timeout'), 60_000))]);
  expect(code).toBe(1);
  const lines = s.stderr().trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^sift: refusing to serve on 0\.0\.0\.0 .*npx sift users add NAME --role admin/);
});

test.describe('with accounts', () => {
  let server: ReturnType<typeof startServer>;

  test.beforeAll(async () => {
    sift(['users', 'add', 'ada', '--role', 'admin', '--password-stdin'], PASSWORD);
    sift(['users', 'add', 'cy', '--role', 'curator', '--password-stdin'], PASSWORD);
    sift(['users', 'add', 'rob', '--role', 'reviewer', '--password-stdin'], PASSWORD);
    server = startServer();
    await waitUntilUp();
  });
  test.afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  test('an anonymous request to every page is sent to sign-in; every route handler answers 401', async ({
    request,
  }) => {
    const pages = allPages();
    expect(pages.length).toBeGreaterThanOrEqual(15);
    for (const p of pages) {
      const res = await request.get(p, { maxRedirects: 0 });
      expect(res.status(), p).toBe(307);
      expect(new URL(res.headers().location!, BASE).pathname, p).toBe('/sign-in');
    }
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const { method, url } of routes) {
      const res = await request.fetch(url, { method, maxRedirects: 0, data: method === 'GET' ? undefined : 'x' });
      expect(res.status(), `${method} ${url}`).toBe(401);
      expect((await res.json()).error.code).toBe('unauthenticated');
    }
  });

  test('sign-in refuses a wrong password and an unknown name alike, then signs in and out', async ({ page }) => {
    await signIn(page, 'rob', 'not the password at all');
    await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toHaveText(
      'Wrong user name or password.',
    );
    await signIn(page, 'nobody', PASSWORD);
    await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toHaveText(
      'Wrong user name or password.',
    );
    await signIn(page, 'rob');
    await expect(page).toHaveURL(/\/datasets$/);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'sift.session_token')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    // The old cookie no longer opens anything: the session was deleted on the server.
    const replay = await page.request.get('/datasets', {
      maxRedirects: 0,
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(replay.status()).toBe(307);
  });

  test('a reviewer sees no import, recipe-saving or export controls', async ({ page }) => {
    await signIn(page, 'rob');
    await expect(page).toHaveURL(/\/datasets$/);
    await expect(page.getByRole('button', { name: 'User menu' })).toContainText('reviewer');
    await expect(page.getByText('Drop rollout files here')).toHaveCount(0);
    await page.getByRole('link', { name: 'Sample: retail support agent' }).click();
    const nav = page.getByRole('navigation', { name: 'Dataset' });
    await expect(nav.getByRole('link', { name: 'Curate' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Export' })).toHaveCount(0);
    await nav.getByRole('link', { name: 'Curate' }).click();
    await expect(page.getByLabel('Recipe')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save as…' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Export this selection' })).toHaveCount(0);
    await page.goto('/exports');
    await expect(page.getByRole('form', { name: 'New export' })).toHaveCount(0);
    await expect(page.getByText('starting one needs the curator role')).toBeVisible();
    const people = await page.goto('/settings/people');
    expect(people?.status()).toBe(403);
  });

  test('the export action called directly with a reviewer session is refused', async ({ browser }) => {
    // The action's request, as the export form sends it for a curator.
    const curator = await browser.newContext({ baseURL: BASE });
    const cp = await curator.newPage();
    await signIn(cp, 'cy');
    await expect(cp).toHaveURL(/\/datasets$/);
    await cp.goto('/exports');
    const form = cp.getByRole('form', { name: 'New export' });
    await form.getByRole('radio', { name: 'Quick filters' }).check();
    await form.getByLabel('Export name').fill('by-the-curator');
    await expect(cp.getByRole('status', { name: 'Export preview' })).toContainText(/\d/);
    const [sent] = await Promise.all([
      cp.waitForRequest(
        (r) => r.method() === 'POST' && !!r.headers()['next-action'] && (r.postData() ?? '').includes('by-the-curator'),
      ),
      form.getByRole('button', { name: 'Start export' }).click(),
    ]);
    await expect(cp.getByRole('listitem', { name: 'Export by-the-curator' })).toBeVisible();
    await expect(cp.getByRole('listitem', { name: 'Export by-the-curator' })).toContainText('by cy');
    await curator.close();

    // The same request, renamed, with the reviewer's session instead.
    const reviewer = await browser.newContext({ baseURL: BASE });
    const rp = await reviewer.newPage();
    await signIn(rp, 'rob');
    await expect(rp).toHaveURL(/\/datasets$/);
    const headers = Object.fromEntries(
      Object.entries(sent.headers()).filter(([k]) => !['cookie', 'content-length', 'host'].includes(k)),
    );
    const res = await rp.request.post(sent.url(), {
      headers,
      data: sent.postData()!.replace('by-the-curator', 'by-the-reviewer'),
      maxRedirects: 0,
    });
    const body = await res.text();
    expect(body).toContain('"forbidden"');
    expect(body).toContain('needs the curator role');
    await rp.goto('/exports');
    await expect(rp.getByRole('listitem', { name: 'Export by-the-curator' })).toBeVisible();
    await expect(rp.getByRole('listitem', { name: /by-the-reviewer/ })).toHaveCount(0);
    await reviewer.close();
  });

  test('an admin adds a person on /settings/people', async ({ page }) => {
    await signIn(page, 'ada');
    await expect(page).toHaveURL(/\/datasets$/);
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'People' }).click();
    const add = page.getByRole('form', { name: 'Add a person' });
    await add.getByLabel('User name').fill('ROB');
    await add.getByLabel(/Password/).fill(PASSWORD);
    await add.getByRole('button', { name: 'Add' }).click();
    await expect(add.getByRole('alert')).toContainText('There is already a user "rob"');
    await add.getByLabel('User name').fill('vi');
    await add.getByLabel('Role').selectOption('viewer');
    await add.getByRole('button', { name: 'Add' }).click();
    await expect(page.getByRole('status')).toContainText('Added vi (viewer)');
    await expect(
      page.getByRole('table', { name: 'People' }).getByRole('cell', { name: 'vi', exact: true }),
    ).toBeVisible();
  });
});
