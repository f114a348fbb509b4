import 'server-only';
/**
 * The one way app/ code asks who is acting and whether they may: server actions, pages and route
 * handlers each call one of these first. See docs/security.md for the model and lib/auth/README.md
 * for how to use them in a new feature.
 *
 *   // server action (a public endpoint: check before anything else)
 *   const auth = await authorize('curator');
 *   if (!auth.ok) return auth.result;
 *   ... createRecipe({ ..., createdById: auth.actor.id })
 *
 *   // page
 *   const actor = await requirePageRole('viewer');   // redirects to /sign-in, or 403s
 *
 *   // route handler
 *   export const GET = guardRoute('viewer', async (request, ctx, actor) => Response.json(...));
 */
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { fail, type ActionResult } from '../action-result';
import { AppError, errorBody, isAppError } from '../errors';
import { getEnv } from '../env';
import { authLibraryStatus, getAuth } from '../db/auth';
import { actorView, type Actor, type ActorView } from './actor';
import { normalizeUsername } from './password';
import { actorWithRole, hasAccounts, resolveActor } from './resolve';
import type { Role } from './roles';
import { clearFailures, recordFailure, throttleWait } from './throttle';

/** The actor of the current request, or null (signed out, or a request Sift must not serve). Never throws. */
export async function getActor(): Promise<Actor | null> {
  try {
    return await resolveActor(await headers(), { allowApiKey: false });
  } catch (e) {
    if (isAppError(e)) return null;
    throw e;
  }
}

/**
 * What the sign-in page shows: nothing to sign in to (local owner: it redirects), the form, or how
 * to create the first admin (a network address with no accounts).
 */
export async function signInPageState(): Promise<'local-owner' | 'accounts' | 'no-admin'> {
  if (await hasAccounts()) return 'accounts';
  return (await getActor()) ? 'local-owner' : 'no-admin';
}

/** getActor as client components take it (name, role, capabilities), or null. */
export async function getActorView(): Promise<ActorView | null> {
  const actor = await getActor();
  return actor ? actorView(actor) : null;
}

/**
 * The actor if their role is at least `min`; otherwise throws AppError 'unauthenticated' (nobody
 * signed in, or the session was revoked), 'forbidden' (role too low) or 'no_admin'.
 */
export async function requireRole(min: Role): Promise<Actor> {
  return actorWithRole(await headers(), min, { allowApiKey: false });
}

/** requireRole for server actions, shaped like parseInput: `if (!auth.ok) return auth.result`. */
export async function authorize(
  min: Role,
): Promise<{ ok: true; actor: Actor } | { ok: false; result: ActionResult<never> }> {
  try {
    return { ok: true, actor: await requireRole(min) };
  } catch (e) {
    if (isAppError(e)) return { ok: false, result: fail(e.code, e.message) };
    throw e;
  }
}

/** For pages: the actor; signed out → /sign-in; role too low → the 403 page (app/forbidden.tsx). */
export async function requirePageRole(min: Role = 'viewer'): Promise<Actor> {
  try {
    return await requireRole(min);
  } catch (e) {
    if (isAppError(e, 'forbidden')) forbidden();
    if (isAppError(e, 'unauthenticated', 'no_admin')) redirect('/sign-in');
    throw e;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request from a browser must come from Sift's own pages: a browser always sends
 * Origin with a POST, PUT, PATCH or DELETE, and it must be the origin the request was sent to (its
 * Host header) or SIFT_URL's. A request without Origin is not from a browser page (curl, a script
 * with an API key) and cannot be a cross-site forgery.
 */
export function checkOrigin(request: Request): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const origin = request.headers.get('origin');
  if (origin === null) return null;
  // Behind a reverse proxy the Host Sift sees is not the one the browser used: set SIFT_URL.
  const host = request.headers.get('host');
  const allowed = new Set<string>();
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  const pub = getEnv().publicUrl;
  if (pub) allowed.add(new URL(pub).origin);
  return allowed.has(origin) ? null : `Cross-origin request refused (Origin ${origin}).`;
}

const STATUS: Partial<Record<AppError['code'], number>> = { unauthenticated: 401, no_admin: 401, forbidden: 403 };

type RouteHandler<C> = (request: Request, ctx: C, actor: Actor) => Promise<Response>;

/**
 * Wraps a route handler: a session or API key with at least `min` (401 / 403), then, for
 * state-changing methods, the Origin check (403). Refusals are JSON `{ error: { code, message } }`.
 */
export function guardRoute<C>(min: Role, handler: RouteHandler<C>): (request: Request, ctx: C) => Promise<Response> {
  return async (request, ctx) => {
    let actor: Actor;
    try {
      actor = await actorWithRole(request.headers, min, { allowApiKey: true });
    } catch (e) {
      if (isAppError(e) && STATUS[e.code])
        return Response.json(errorBody(e.code, e.message), {
          status: STATUS[e.code],
          headers: { 'Cache-Control': 'no-store' },
        });
      throw e;
    }
    const originProblem = checkOrigin(request);
    if (originProblem) return Response.json(errorBody('forbidden', originProblem), { status: 403 });
    return handler(request, ctx, actor);
  };
}

/** Where to go after signing in: a path of this site only (never `//host` or a full URL). */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/datasets';
}

/**
 * Signs in with a user name and password, setting the session cookie (httpOnly, SameSite=Lax;
 * Secure over https) from a server action. One message for an unknown name and a wrong password,
 * so the form does not tell which names exist; repeated failures for a name are throttled.
 */
export async function signInWithPassword({
  username,
  password,
}: {
  username: string;
  password: string;
}): Promise<void> {
  if (!(await hasAccounts())) return; // local-owner mode: nothing to sign in to
  const key = normalizeUsername(username);
  const wait = throttleWait(key);
  if (wait > 0)
    throw new AppError(
      'unauthenticated',
      `Too many failed attempts for this name; try again in ${Math.ceil(wait / 60_000)} minute(s).`,
    );
  try {
    await getAuth().api.signInUsername({ body: { username: key, password }, headers: await headers() });
  } catch (e) {
    const status = authLibraryStatus(e);
    if (status === null || status >= 500) throw e;
    recordFailure(key);
    throw new AppError('unauthenticated', 'Wrong user name or password.');
  }
  clearFailures(key);
}

/** Ends the current browser session (the Session row is deleted, the cookie cleared). */
export async function signOut(): Promise<void> {
  const h = await headers();
  if (!(await hasAccounts())) return;
  await getAuth().api.signOut({ headers: h });
}
