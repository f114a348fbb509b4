/**
 * Who reviewed, commented or adjudicated. A person is a user id, or null for the local owner (Sift
 * with no accounts). Review tables store a `...Key` beside the nullable user id: the user id, or
 * OWNER_KEY for the local owner, so "one review per reviewer per item" holds for the owner too.
 */
import { OWNER_NAME } from '../../auth/actor';
import { getDb } from '../client';

export const OWNER_KEY = '~owner';
/** A reviewer whose account was removed (their reviews stay, with their key). */
export const REMOVED_NAME = 'removed account';

export function personKey(userId: string | null): string {
  return userId ?? OWNER_KEY;
}

export function personId(key: string): string | null {
  return key === OWNER_KEY ? null : key;
}

/** Names for person keys (user name; "local owner"; "removed account"). */
export function loadPersonNames(keys: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const ids = [...new Set(keys)].filter((k) => k !== OWNER_KEY);
  for (const k of new Set(keys)) if (k === OWNER_KEY) out.set(k, OWNER_NAME);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = getDb()
      .raw.prepare(`SELECT id, username, name FROM "User" WHERE id IN (${chunk.map(() => '?').join(',')})`)
      .all(...chunk) as { id: string; username: string | null; name: string }[];
    for (const r of rows) out.set(r.id, r.username ?? r.name);
  }
  for (const id of ids) if (!out.has(id)) out.set(id, REMOVED_NAME);
  return out;
}

export function personName(key: string): string {
  return loadPersonNames([key]).get(key)!;
}

/** User name → user id, for every account (imports name reviewers by user name). */
export function loadUserIdsByName(): Map<string, string> {
  const rows = getDb().raw.prepare(`SELECT id, username, name FROM "User"`).all() as {
    id: string;
    username: string | null;
    name: string;
  }[];
  const out = new Map<string, string>();
  for (const r of rows) {
    out.set(r.username ?? r.name, r.id);
    if (r.username) out.set(r.username.toLowerCase(), r.id);
  }
  return out;
}

export const nowIso = (now?: Date): string => (now ?? new Date()).toISOString();
