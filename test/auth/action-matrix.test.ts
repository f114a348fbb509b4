/**
 * Every exported server action in app/**\/actions.ts, called with a session of each role, with an
 * API key only (actions take sessions, never keys), anonymously, and as the local owner before any
 * account exists. The table below names each action's least role; an action without a row fails
 * the test, so a new action cannot ship without a decision.
 *
 * Allowed calls get inputs that pass the check and then stop harmlessly (a validation error, a
 * missing id) or succeed cheaply; the assertion is about the gate: refused with `unauthenticated`
 * or `forbidden` exactly when the role is below the row's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setBind } from '@/lib/auth/bind';
import { ROLES, roleAtLeast, type Role } from '@/lib/auth/roles';
import { createApiKey } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import type { ActionResult } from '@/lib/action-result';
import { HOST, makeTeam, PASSWORD, requestHeaders, signIn } from './helpers';

let current = requestHeaders();
vi.mock('next/headers', () => ({
  headers: async () => current,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const root = path.resolve(__dirname, '../..');
const actionFiles = (fs.readdirSync(path.join(root, 'app'), { recursive: true }) as string[])
  .filter((f) => /(^|\/)actions\.ts$/.test(f))
  .map((f) => `app/${f}`)
  .sort();

type Action = (input?: unknown) => Promise<ActionResult<unknown>>;
const actions = new Map<string, Action>();
for (const file of actionFiles) {
  const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(mod)) if (typeof fn === 'function') actions.set(name, fn as Action);
}

const uuid = '00000000-0000-4000-8000-000000000000';
const reviewInput = { itemId: '999999999', verdict: null, note: '', labels: [], annotations: [], durationMs: null };
let seq = 0;

/** Least role per action ('public': anyone, signed in or not) and an input that stops harmlessly. */
const MATRIX: Record<string, { role: Role | 'public'; input: () => unknown }> = {
  // imports (app/_shared/imports)
  startImportAction: { role: 'curator', input: () => ({ uploadId: 'not-an-upload', datasetName: 'x' }) },
  cancelImportAction: { role: 'curator', input: () => ({ jobId: uuid }) },
  rerunImportAction: { role: 'curator', input: () => ({ jobId: uuid }) },
  // token analyses (app/_shared/tokens)
  startTokenAnalysisAction: { role: 'curator', input: () => ({ datasetId: 999_999, tokenizer: 'qwen3' }) },
  cancelTokenAnalysisAction: { role: 'curator', input: () => ({ jobId: uuid }) },
  renderTokenViewAction: { role: 'viewer', input: () => ({ rolloutId: 999_999 }) },
  // recipes (app/datasets/[id]/curate)
  createRecipeAction: { role: 'curator', input: () => ({ name: `matrix ${++seq}`, body: { version: 1 } }) },
  updateRecipeAction: { role: 'curator', input: () => ({ id: 999_999, body: { version: 1 } }) },
  renameRecipeAction: { role: 'curator', input: () => ({ id: 999_999, name: 'x' }) },
  duplicateRecipeAction: { role: 'curator', input: () => ({ id: 999_999 }) },
  deleteRecipeAction: { role: 'curator', input: () => ({ id: 999_999 }) },
  // exports (app/exports)
  previewExportAction: { role: 'viewer', input: () => ({ datasetId: 999_999 }) },
  startExportAction: { role: 'curator', input: () => ({ datasetId: 999_999 }) },
  rerunExportAction: { role: 'curator', input: () => ({ id: 999_999 }) },
  cancelExportAction: { role: 'curator', input: () => ({ id: 999_999 }) },
  deleteExportAction: { role: 'curator', input: () => ({ id: 999_999 }) },
  // people (app/settings/people)
  addUserAction: { role: 'admin', input: () => ({ username: 'newbie', password: 'short', role: 'viewer' }) },
  setRoleAction: { role: 'admin', input: () => ({ username: 'nobody', role: 'viewer' }) },
  resetPasswordAction: { role: 'admin', input: () => ({ username: 'nobody', password: PASSWORD }) },
  signOutUserAction: { role: 'admin', input: () => ({ username: 'nobody' }) },
  removeUserAction: { role: 'admin', input: () => ({ username: 'nobody' }) },
  // one's own API keys (app/settings/api-keys)
  createApiKeyAction: { role: 'viewer', input: () => ({ label: '' }) },
  revokeApiKeyAction: { role: 'viewer', input: () => ({ id: 'no-such-key' }) },
  // team review (app/_shared/review): reviewers review and comment; curators make queues, labels, adjudicate
  saveReviewAction: { role: 'reviewer', input: () => ({ input: reviewInput, version: 0, submit: false }) },
  submitAndNextAction: {
    role: 'reviewer',
    input: () => ({ input: reviewInput, version: 0, submit: true, queueId: 999_999 }),
  },
  undoReviewAction: { role: 'reviewer', input: () => ({ itemId: '999999999' }) },
  takeNextItemAction: { role: 'reviewer', input: () => ({ queueId: 999_999 }) },
  skipItemAction: { role: 'reviewer', input: () => ({ itemId: 999_999_999 }) },
  renewLeaseAction: { role: 'reviewer', input: () => ({ itemId: 999_999_999 }) },
  releaseLeaseAction: { role: 'reviewer', input: () => ({ itemId: 999_999_999 }) },
  addCommentAction: { role: 'reviewer', input: () => ({ rolloutId: 999_999_999, messageIndex: null, body: 'x' }) },
  createQueueAction: {
    role: 'curator',
    input: () => ({ datasetId: 999_999, name: 'x', kind: 'rollout', source: { kind: 'all' }, overlap: 1 }),
  },
  deleteQueueAction: { role: 'curator', input: () => ({ id: 999_999 }) },
  saveLabelsAction: { role: 'curator', input: () => ({ datasetId: 999_999, labels: [] }) },
  adjudicateAction: {
    role: 'curator',
    input: () => ({ itemId: '999999999', verdict: { kind: 'rollout', value: 'accept' }, note: '' }),
  },
  // signing in and out (app/sign-in, app/_shared/auth)
  signInAction: { role: 'public', input: () => ({ username: 'm-viewer', password: PASSWORD }) },
  signOutAction: { role: 'public', input: () => undefined },
};

const GATE = ['unauthenticated', 'forbidden', 'no_admin'];
const gateCode = (r: ActionResult<unknown>) => (!r.ok && GATE.includes(r.error.code) ? r.error.code : null);

describe('the action × role matrix covers every server action', () => {
  it('finds the actions', () => {
    expect(actionFiles.length).toBeGreaterThanOrEqual(7);
    expect(actions.size).toBeGreaterThanOrEqual(25);
  });

  it('has a row for every exported action, and no row for an action that is gone', () => {
    expect([...actions.keys()].filter((a) => !MATRIX[a]).sort()).toEqual([]);
    expect(Object.keys(MATRIX).filter((a) => !actions.has(a))).toEqual([]);
  });
});

const rows = Object.entries(MATRIX);

describe('local owner: no accounts, served on 127.0.0.1', () => {
  beforeAll(() => {
    setBind('127.0.0.1');
    getDb();
  });

  it.each(rows)('%s is allowed', async (name, { input }) => {
    current = requestHeaders();
    expect(gateCode(await actions.get(name)!(input()))).toBeNull();
  });

  it.each(rows.filter(([, r]) => r.role !== 'public'))(
    '%s is refused when the request names another host (DNS rebinding)',
    async (name, { input }) => {
      current = requestHeaders({ host: 'rebound.example:3000' });
      expect(gateCode(await actions.get(name)!(input()))).toBe('unauthenticated');
    },
  );
});

describe('with accounts', () => {
  const who: Record<string, Headers> = {};

  beforeAll(async () => {
    const team = await makeTeam('m-');
    for (const role of ROLES) who[role] = requestHeaders({ cookie: team[role].cookie });
    who.anonymous = requestHeaders();
    const key = await createApiKey({ username: team.admin.name, label: 'matrix' });
    who['admin API key, no session'] = requestHeaders({ authorization: `Bearer ${key.key}`, 'x-api-key': key.key });
  });

  const identities = ['anonymous', 'admin API key, no session', ...ROLES] as const;
  const cases = rows.flatMap(([name, row]) => identities.map((id) => [name, id, row] as const));

  it.each(cases)('%s as %s', async (name, id, { role, input }) => {
    current = who[id];
    const code = gateCode(await actions.get(name)!(input()));
    const signedIn = (ROLES as readonly string[]).includes(id);
    if (role === 'public') expect(code).toBeNull();
    else if (!signedIn) expect(code).toBe('unauthenticated');
    else if (roleAtLeast(id as Role, role)) expect(code).toBeNull();
    else expect(code).toBe('forbidden');
  });

  it('signing out (the last row, for each identity) ended those sessions on the server', async () => {
    current = who.curator;
    expect(gateCode(await actions.get('deleteRecipeAction')!({ id: 1 }))).toBe('unauthenticated');
  });

  it('the allowed calls did reach the action: a curator saves a recipe, a viewer does not', async () => {
    current = requestHeaders({ cookie: await signIn('m-curator') });
    const saved = await actions.get('createRecipeAction')!({ name: 'by a curator', body: { version: 1 } });
    expect(saved).toMatchObject({ ok: true, data: { name: 'by a curator' } });
    current = requestHeaders({ cookie: await signIn('m-viewer') });
    expect(await actions.get('createRecipeAction')!({ name: 'by a viewer', body: { version: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('a session answers for its host only as a cookie: the headers carry nothing else', () => {
    expect(who.viewer.get('host')).toBe(HOST);
  });
});
