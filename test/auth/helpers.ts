/**
 * Accounts and request headers for the auth tests: users made through lib/auth (the library hashes
 * their passwords), sessions from a real sign-in, and the headers a request of each would carry.
 */
import { getAuth } from '@/lib/db/auth';
import { addUser } from '@/lib/auth/users';
import type { Role } from '@/lib/auth/roles';

export const PASSWORD = 'a long test password';
export const HOST = '127.0.0.1:3000';

/** The session cookie of a fresh sign-in (what the browser would send). */
export async function signIn(username: string, password = PASSWORD): Promise<string> {
  const r = await getAuth().api.signInUsername({ body: { username, password }, returnHeaders: true });
  const setCookie = r.headers.get('set-cookie');
  if (!setCookie) throw new Error(`no session cookie for ${username}`);
  return setCookie.split(';')[0];
}

export function requestHeaders(extra: Record<string, string> = {}): Headers {
  return new Headers({ host: HOST, ...extra });
}

/** One account per role (the admin first: the first account must be one), each signed in. */
export async function makeTeam(prefix = ''): Promise<Record<Role, { name: string; cookie: string }>> {
  const order: Role[] = ['admin', 'curator', 'reviewer', 'viewer'];
  const team = {} as Record<Role, { name: string; cookie: string }>;
  for (const role of order) {
    const name = `${prefix}${role}`;
    await addUser({ username: name, password: PASSWORD, role });
    team[role] = { name, cookie: await signIn(name) };
  }
  return team;
}
