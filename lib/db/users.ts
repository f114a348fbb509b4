/**
 * The people in the auth library's tables, as Sift reads them: the mode (are there accounts? an
 * admin?), the people list, API keys of a user, and the first admin's inheritance of what the local
 * owner made. Writes that involve passwords, sessions or keys go through the library (lib/auth/users.ts).
 */
import { isRole, type Role } from '../auth/roles';
import { getDb } from './client';

export interface UserRow {
  id: string;
  username: string;
  role: Role;
  createdAt: Date;
  /** Browser sessions that have not expired. */
  sessions: number;
  apiKeys: number;
}

const roleOf = (r: string | null): Role => (isRole(r) ? r : 'viewer');

export async function countUsers(): Promise<number> {
  return getDb().prisma.user.count();
}

export async function countAdmins(): Promise<number> {
  return getDb().prisma.user.count({ where: { role: 'admin' } });
}

export async function listUsers(): Promise<UserRow[]> {
  const now = new Date();
  const rows = await getDb().prisma.user.findMany({
    orderBy: { username: 'asc' },
    select: {
      id: true,
      username: true,
      name: true,
      role: true,
      createdAt: true,
      _count: { select: { sessions: { where: { expiresAt: { gt: now } } }, apiKeys: true } },
    },
  });
  return rows.map((u) => ({
    id: u.id,
    username: u.username ?? u.name,
    role: roleOf(u.role),
    createdAt: u.createdAt,
    sessions: u._count.sessions,
    apiKeys: u._count.apiKeys,
  }));
}

export async function getUserByUsername({
  username,
}: {
  username: string;
}): Promise<{ id: string; username: string; role: Role } | null> {
  const u = await getDb().prisma.user.findUnique({
    where: { username },
    select: { id: true, username: true, name: true, role: true },
  });
  return u ? { id: u.id, username: u.username ?? u.name, role: roleOf(u.role) } : null;
}

export async function getUserById({
  id,
}: {
  id: string;
}): Promise<{ id: string; username: string; role: Role } | null> {
  const u = await getDb().prisma.user.findUnique({
    where: { id },
    select: { id: true, username: true, name: true, role: true },
  });
  return u ? { id: u.id, username: u.username ?? u.name, role: roleOf(u.role) } : null;
}

export async function setUserRole({ id, role }: { id: string; role: Role }): Promise<void> {
  await getDb().prisma.user.update({ where: { id }, data: { role } });
}

/** Removes the account; its sessions, password and API keys go with it, its records keep no creator. */
export async function deleteUser({ id }: { id: string }): Promise<void> {
  await getDb().prisma.user.delete({ where: { id } });
}

/**
 * What the local owner made before any admin existed (imports, recipes, exports, jobs with no
 * creator) becomes the first admin's. One transaction; returns how many rows of each changed.
 */
export async function attributeOwnerRecords({
  userId,
}: {
  userId: string;
}): Promise<{ imports: number; recipes: number; exports: number; jobs: number }> {
  const { prisma } = getDb();
  const where = { createdById: null };
  const data = { createdById: userId };
  const [imports, recipes, exports, jobs] = await prisma.$transaction([
    prisma.import.updateMany({ where, data }),
    prisma.recipe.updateMany({ where, data }),
    prisma.export.updateMany({ where, data }),
    prisma.job.updateMany({ where, data }),
  ]);
  return { imports: imports.count, recipes: recipes.count, exports: exports.count, jobs: jobs.count };
}

export interface ApiKeyRow {
  id: string;
  /** The owner's user name. */
  owner: string;
  name: string | null;
  /** The key's first characters, to recognise it. */
  start: string | null;
  /** The role the key is limited to, when below its owner's. */
  role: Role | null;
  createdAt: Date;
  lastRequest: Date | null;
  expiresAt: Date | null;
}

export function apiKeyRole(metadata: unknown): Role | null {
  let m = metadata;
  if (typeof m === 'string') {
    try {
      m = JSON.parse(m);
    } catch {
      return null;
    }
  }
  const role = m && typeof m === 'object' ? (m as { role?: unknown }).role : undefined;
  return isRole(role) ? role : null;
}

/** API keys of one user, or of everyone; never the key itself (only its hash is stored). */
export async function listApiKeys({ userId }: { userId?: string } = {}): Promise<ApiKeyRow[]> {
  const rows = await getDb().prisma.apikey.findMany({
    where: userId ? { referenceId: userId } : {},
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      start: true,
      metadata: true,
      createdAt: true,
      lastRequest: true,
      expiresAt: true,
      owner: { select: { username: true, name: true } },
    },
  });
  return rows.map(({ metadata, owner, ...k }) => ({
    ...k,
    owner: owner.username ?? owner.name,
    role: apiKeyRole(metadata),
  }));
}

/** Deletes a key (only of `userId`, when given); returns its owner's user name, or null when there was none. */
export async function deleteApiKey({ id, userId }: { id: string; userId?: string }): Promise<string | null> {
  const { prisma } = getDb();
  const key = await prisma.apikey.findFirst({
    where: { id, ...(userId ? { referenceId: userId } : {}) },
    select: { owner: { select: { username: true, name: true } } },
  });
  if (!key) return null;
  await prisma.apikey.delete({ where: { id } });
  return key.owner.username ?? key.owner.name;
}
