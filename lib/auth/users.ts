/**
 * Managing accounts: the same functions behind `sift users ...` and /settings/people. Passwords are
 * hashed by the auth library (scrypt with a per-password salt); the policy in password.ts is
 * checked first so every caller gives the same one-line reasons. Whoever calls these has already
 * been authorised (the CLI is trusted like the database file's owner; the people page requires admin).
 *
 * Invariant: while any account exists, at least one is an admin (the last admin can be neither
 * removed nor demoted), so someone can always manage people.
 */
import { AppError } from '../errors';
import { getAuth } from '../db/auth';
import {
  attributeOwnerRecords,
  countAdmins,
  countUsers,
  deleteApiKey,
  deleteUser,
  getUserByUsername,
  listApiKeys,
  setUserRole,
  type ApiKeyRow,
} from '../db/users';
import { normalizeUsername, passwordProblem, usernameProblem } from './password';
import { roleAtLeast, type Role } from './roles';

/** The library insists on an email; Sift's accounts are names, so this one is reserved and never routed (RFC 2606). */
export function syntheticEmail(username: string): string {
  return `${username}@users.sift.invalid`;
}

function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError('validation', `${problem}.`, { field: 'password' });
}

async function findUser(name: string) {
  const username = normalizeUsername(name);
  const user = await getUserByUsername({ username });
  if (!user) throw new AppError('user_not_found', `There is no user "${username}".`, { field: 'username' });
  return user;
}

export interface AddedUser {
  id: string;
  username: string;
  role: Role;
  /** Set when this was the first admin: what the local owner had made, now theirs. */
  inherited?: { imports: number; recipes: number; exports: number; jobs: number };
}

export async function addUser({
  username: name,
  password,
  role,
}: {
  username: string;
  password: string;
  role: Role;
}): Promise<AddedUser> {
  const username = normalizeUsername(name);
  const bad = usernameProblem(username);
  if (bad) throw new AppError('validation', `${bad}.`, { field: 'username' });
  checkPassword(password, username);
  if (await getUserByUsername({ username }))
    throw new AppError('name_taken', `There is already a user "${username}".`, { field: 'username' });
  if ((await countUsers()) === 0 && role !== 'admin')
    throw new AppError('last_admin', 'The first account must be an admin (so someone can manage people).', {
      field: 'role',
    });
  const firstAdmin = role === 'admin' && (await countAdmins()) === 0;
  const { user } = await getAuth().api.createUser({
    body: { email: syntheticEmail(username), password, name: username, role, data: { username } },
  });
  const added: AddedUser = { id: user.id, username, role };
  if (firstAdmin) added.inherited = await attributeOwnerRecords({ userId: user.id });
  return added;
}

export async function setRole({
  username,
  role,
}: {
  username: string;
  role: Role;
}): Promise<{ username: string; role: Role }> {
  const user = await findUser(username);
  if (user.role === 'admin' && role !== 'admin' && (await countAdmins()) === 1)
    throw new AppError('last_admin', `${user.username} is the only admin; make someone else an admin first.`, {
      field: 'role',
    });
  await setUserRole({ id: user.id, role });
  return { username: user.username, role };
}

export async function removeUser({ username }: { username: string }): Promise<{ username: string }> {
  const user = await findUser(username);
  if (user.role === 'admin' && (await countAdmins()) === 1 && (await countUsers()) > 1)
    throw new AppError('last_admin', `${user.username} is the only admin; make someone else an admin first.`);
  await deleteUser({ id: user.id });
  return { username: user.username };
}

/** Sets a new password and signs the user out everywhere (their API keys stay valid). */
export async function resetPassword({
  username,
  password,
}: {
  username: string;
  password: string;
}): Promise<{ username: string }> {
  const user = await findUser(username);
  checkPassword(password, user.username);
  const ctx = await getAuth().$context;
  const hash = await ctx.password.hash(password);
  if (await ctx.internalAdapter.findCredentialAccount(user.id)) await ctx.internalAdapter.updatePassword(user.id, hash);
  else
    await ctx.internalAdapter.createAccount({
      userId: user.id,
      providerId: 'credential',
      accountId: user.id,
      password: hash,
    });
  await ctx.internalAdapter.deleteUserSessions(user.id);
  return { username: user.username };
}

/** Signs a user out of every browser. */
export async function revokeSessions({ username }: { username: string }): Promise<void> {
  const user = await findUser(username);
  const ctx = await getAuth().$context;
  await ctx.internalAdapter.deleteUserSessions(user.id);
}

export interface CreatedApiKey {
  id: string;
  /** The whole key: shown once, only its hash is stored. */
  key: string;
  start: string | null;
  name: string | null;
  role: Role | null;
}

/**
 * A personal API key. `role` limits it below its owner's role; without it the key acts with whatever
 * role its owner has at the time of each request.
 */
export async function createApiKey({
  username,
  label,
  role,
}: {
  username: string;
  label?: string;
  role?: Role;
}): Promise<CreatedApiKey> {
  const user = await findUser(username);
  if (role && !roleAtLeast(user.role, role))
    throw new AppError('forbidden', `A key of ${user.username} (${user.role}) cannot have the ${role} role.`, {
      field: 'role',
    });
  const k = await getAuth().api.createApiKey({
    body: {
      userId: user.id,
      ...(label ? { name: label } : {}),
      ...(role ? { metadata: { role } } : {}),
    },
  });
  return { id: k.id, key: k.key, start: k.start ?? null, name: k.name ?? null, role: role ?? null };
}

export async function listUserApiKeys({ username }: { username: string }): Promise<ApiKeyRow[]> {
  const user = await findUser(username);
  return listApiKeys({ userId: user.id });
}

/** Revokes a key at once (the next request with it is refused). With `username`, only a key of theirs. */
export async function revokeApiKey({ id, username }: { id: string; username?: string }): Promise<string> {
  const userId = username ? (await findUser(username)).id : undefined;
  const owner = await deleteApiKey({ id, userId });
  if (!owner) throw new AppError('api_key_not_found', `There is no API key ${id}${username ? ` of ${username}` : ''}.`);
  return owner;
}
