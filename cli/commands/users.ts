/**
 * `sift users ...`: the accounts of a Sift served for a team (docs/security.md). The first account
 * must be an admin; from then on every page asks for sign-in, and what the local owner made before
 * becomes that admin's.
 */
import type { Command } from 'commander';
import { ROLES, isRole, type Role } from '../../lib/auth/roles';
import {
  addUser,
  createApiKey,
  listUserApiKeys,
  removeUser,
  resetPassword,
  revokeApiKey,
  revokeSessions,
  setRole,
} from '../../lib/auth/users';
import { listApiKeys, listUsers } from '../../lib/db/users';
import { AppError } from '../../lib/errors';
import { readNewPassword } from '../prompt';
import { printJson, printTable } from '../output';

function parseRole(v: string): Role {
  if (!isRole(v)) throw new AppError('usage', `--role must be one of ${ROLES.join(', ')} (got "${v}").`);
  return v;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function registerUsers(program: Command): void {
  const json = (opts: { json?: boolean }) => Boolean(opts.json || program.opts().json);
  const say = (line: string): void => void process.stdout.write(line + '\n');
  const users = program
    .command('users')
    .description('accounts, roles and API keys (sign-in is required once any account exists)');

  users
    .command('add')
    .description('create an account; the password is asked for (or read from stdin)')
    .argument('<name>', 'user name: letters, digits, . _ -')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password-stdin', 'read the password from stdin instead of asking')
    .option('--json', 'machine-readable output')
    .action(async (name: string, opts: { role: string; passwordStdin?: boolean; json?: boolean }) => {
      const role = parseRole(opts.role);
      const password = await readNewPassword({ fromStdin: Boolean(opts.passwordStdin), label: `Password for ${name}` });
      const u = await addUser({ username: name, password, role });
      if (json(opts))
        return printJson({ user: { id: u.id, username: u.username, role: u.role }, inherited: u.inherited ?? null });
      say(`added ${u.username} (${u.role})`);
      if (u.inherited) {
        const { imports, recipes, exports, jobs } = u.inherited;
        say(`${u.username} is the first admin: sign-in is now required, and what the local owner made is theirs`);
        say(`(${imports} imports, ${recipes} recipes, ${exports} exports, ${jobs} jobs).`);
      }
    });

  users
    .command('list')
    .description('list accounts')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const rows = await listUsers();
      if (json(opts))
        return printJson({
          users: rows.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
        });
      if (rows.length === 0) return say('No accounts: Sift runs as the local owner on 127.0.0.1, without sign-in.');
      printTable(
        rows.map((u) => ({
          name: u.username,
          role: u.role,
          sessions: u.sessions,
          keys: u.apiKeys,
          created: u.createdAt.toISOString().slice(0, 10),
        })),
        [
          { key: 'name', label: 'NAME' },
          { key: 'role', label: 'ROLE' },
          { key: 'sessions', label: 'SESSIONS', align: 'right' },
          { key: 'keys', label: 'API KEYS', align: 'right' },
          { key: 'created', label: 'CREATED' },
        ],
      );
    });

  users
    .command('remove')
    .description('delete an account, its sessions and API keys (what it made stays, without a creator)')
    .argument('<name>')
    .action(async (name: string) => {
      const u = await removeUser({ username: name });
      say(`removed ${u.username}`);
    });

  users
    .command('set-role')
    .description('change the role of an account')
    .argument('<name>')
    .argument('<role>', `one of ${ROLES.join(', ')}`)
    .action(async (name: string, role: string) => {
      const u = await setRole({ username: name, role: parseRole(role) });
      say(`${u.username} is now a ${u.role}`);
    });

  users
    .command('reset-password')
    .description('set a new password (asked for, or read from stdin) and sign the user out everywhere')
    .argument('<name>')
    .option('--password-stdin', 'read the password from stdin instead of asking')
    .action(async (name: string, opts: { passwordStdin?: boolean }) => {
      const password = await readNewPassword({
        fromStdin: Boolean(opts.passwordStdin),
        label: `New password for ${name}`,
      });
      const u = await resetPassword({ username: name, password });
      say(`new password set for ${u.username}; their sessions were signed out`);
    });

  users
    .command('sign-out')
    .description('end every browser session of an account (its API keys stay valid)')
    .argument('<name>')
    .action(async (name: string) => {
      await revokeSessions({ username: name });
      say(`signed ${name} out everywhere`);
    });

  const keys = users.command('api-key').description('personal API keys, for scripts calling a Sift server');

  keys
    .command('create')
    .description('create a key for NAME; the key is printed once and never stored')
    .argument('<name>', 'the owner')
    .option('--label <label>', 'what the key is for (at most 32 characters)')
    .option('--role <role>', "limit the key below its owner's role")
    .option('--json', 'machine-readable output')
    .action(async (name: string, opts: { label?: string; role?: string; json?: boolean }) => {
      if (opts.label !== undefined && (opts.label.trim().length === 0 || opts.label.length > 32))
        throw new AppError('usage', '--label must be 1 to 32 characters.');
      const k = await createApiKey({
        username: name,
        label: opts.label?.trim(),
        role: opts.role ? parseRole(opts.role) : undefined,
      });
      if (json(opts)) return printJson({ id: k.id, key: k.key, label: k.name, role: k.role });
      say(k.key);
      process.stderr.write(
        `API key ${k.id} for ${name}${k.role ? ` (limited to ${k.role})` : ''}: copy it now, it is not shown again.\n` +
          'Send it as "Authorization: Bearer <key>" or "x-api-key: <key>".\n',
      );
    });

  keys
    .command('list')
    .description('list API keys (of NAME, or of everyone)')
    .argument('[name]')
    .option('--json', 'machine-readable output')
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      const rows = name ? await listUserApiKeys({ username: name }) : await listApiKeys();
      if (json(opts))
        return printJson({
          keys: rows.map((k) => ({
            ...k,
            createdAt: iso(k.createdAt),
            lastRequest: iso(k.lastRequest),
            expiresAt: iso(k.expiresAt),
          })),
        });
      if (rows.length === 0) return say('No API keys.');
      printTable(
        rows.map((k) => ({
          id: k.id,
          owner: k.owner,
          label: k.name,
          start: k.start ? `${k.start}…` : null,
          role: k.role ?? 'owner’s',
          used: k.lastRequest ? k.lastRequest.toISOString().slice(0, 16).replace('T', ' ') : 'never',
        })),
        [
          { key: 'id', label: 'ID' },
          { key: 'owner', label: 'OWNER' },
          { key: 'label', label: 'LABEL' },
          { key: 'start', label: 'STARTS' },
          { key: 'role', label: 'ROLE' },
          { key: 'used', label: 'LAST USED' },
        ],
      );
    });

  keys
    .command('revoke')
    .description('revoke an API key (see its ID with list)')
    .argument('<id>')
    .action(async (id: string) => {
      const owner = await revokeApiKey({ id });
      say(`revoked API key ${id} of ${owner}`);
    });
}
