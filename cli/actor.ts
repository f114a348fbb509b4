/**
 * Who the CLI acts as. The CLI opens the database file itself, so it is trusted like whoever owns
 * that file: it asks no password. By default it records what it makes (imports) as the local owner;
 * `--as NAME` records them as that account instead, when its role allows the command.
 * docs/security.md says why this is honest rather than a check.
 */
import type { Command } from 'commander';
import { LOCAL_OWNER, type Actor } from '../lib/auth/actor';
import { normalizeUsername } from '../lib/auth/password';
import { roleAtLeast, type Role } from '../lib/auth/roles';
import { getUserByUsername } from '../lib/db/users';
import { AppError } from '../lib/errors';

export async function cliActor(program: Command, min: Role): Promise<Actor> {
  const as = program.opts().as as string | undefined;
  if (!as) return LOCAL_OWNER;
  const user = await getUserByUsername({ username: normalizeUsername(as) });
  if (!user) throw new AppError('user_not_found', `--as ${as}: there is no such user (see: sift users list).`);
  if (!roleAtLeast(user.role, min))
    throw new AppError(
      'forbidden',
      `--as ${user.username}: this needs the ${min} role; ${user.username} is a ${user.role}.`,
    );
  return { kind: 'user', id: user.id, name: user.username, role: user.role, via: 'cli' };
}
