/**
 * Who sent a request, from its headers alone (framework-free, so route handlers, server actions,
 * pages and tests share it). lib/auth/session.ts wraps it for Next.
 *
 * - No accounts: the local owner, but only when the server listens on loopback and the request's
 *   Host is a loopback name (see bind.ts); otherwise nobody.
 * - Accounts: the session cookie's user (the Session row is read on every request, so a revoked
 *   session or a removed user is refused at once), or, where allowed (route handlers), an API key
 *   from `Authorization: Bearer <key>` or `x-api-key`, acting with at most its owner's role.
 */
import { AppError } from '../errors';
import { getAuth } from '../db/auth';
import { apiKeyRole, countUsers, getUserById } from '../db/users';
import { CREATE_ADMIN_HINT, LOCAL_OWNER, type Actor } from './actor';
import { getBind, isLoopbackHost } from './bind';
import { isRole, minRole, roleAtLeast, type Role } from './roles';

/** Sift runs in local-owner mode until the first account exists. */
export async function hasAccounts(): Promise<boolean> {
  return (await countUsers()) > 0;
}

/** The API key a request carries, if any. */
export function apiKeyOf(headers: Headers): string | null {
  const x = headers.get('x-api-key')?.trim();
  if (x) return x;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return m ? m[1] : null;
}

function unauthenticated(message: string): AppError<'unauthenticated'> {
  return new AppError('unauthenticated', message);
}

async function fromApiKey(key: string): Promise<Actor> {
  const v = await getAuth().api.verifyApiKey({ body: { key } });
  if (!v.valid || !v.key) throw unauthenticated('That API key is not valid (revoked, expired or mistyped).');
  const owner = await getUserById({ id: v.key.referenceId });
  if (!owner) throw unauthenticated('The owner of that API key no longer exists.');
  const limit = apiKeyRole(v.key.metadata);
  return {
    kind: 'user',
    id: owner.id,
    name: owner.username,
    role: limit ? minRole(limit, owner.role) : owner.role,
    via: 'api-key',
  };
}

async function fromSession(headers: Headers): Promise<Actor | null> {
  const s = await getAuth().api.getSession({ headers });
  if (!s) return null;
  const u = s.user as { id: string; name: string; username?: string | null; role?: string | null };
  return {
    kind: 'user',
    id: u.id,
    name: u.username ?? u.name,
    role: isRole(u.role) ? u.role : 'viewer',
    via: 'session',
  };
}

/**
 * The actor, or null when nobody is signed in. Throws AppError('unauthenticated') for a request
 * that must not be served at all (an invalid API key; no accounts on a network address).
 */
export async function resolveActor(headers: Headers, { allowApiKey }: { allowApiKey: boolean }): Promise<Actor | null> {
  if (!(await hasAccounts())) {
    const bind = getBind();
    if (!bind.loopback)
      throw new AppError(
        'no_admin',
        `Sift listens on ${bind.addresses?.join(', ') ?? 'an unknown address'} and has no accounts yet; create an admin first: ${CREATE_ADMIN_HINT}`,
      );
    const host = headers.get('host');
    if (host && !isLoopbackHost(host))
      throw unauthenticated(`Without accounts Sift answers only on localhost, not ${host}.`);
    return LOCAL_OWNER;
  }
  const key = allowApiKey ? apiKeyOf(headers) : null;
  if (key) return fromApiKey(key);
  return fromSession(headers);
}

/** resolveActor, then the role check: the actor, or AppError unauthenticated / forbidden / no_admin. */
export async function actorWithRole(headers: Headers, min: Role, opts: { allowApiKey: boolean }): Promise<Actor> {
  const actor = await resolveActor(headers, opts);
  if (!actor) throw unauthenticated('Sign in to continue.');
  if (!roleAtLeast(actor.role, min))
    throw new AppError('forbidden', `This needs the ${min} role; ${actor.name} is a ${actor.role}.`);
  return actor;
}
