'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { fieldClass } from '@/components/ui/form';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { PASSWORD_MIN } from '@/lib/auth/password';
import { ROLES, type Role } from '@/lib/auth/roles';
import type { UserRow } from '@/lib/db/users';
import { fmtDate } from '@/lib/ui/format';
import { removeUserAction, resetPasswordAction, setRoleAction, signOutUserAction } from '../actions';

type Result = { ok: true } | { ok: false; error: { message: string } };

/** Everyone's account, with role changes, password resets, sign-out everywhere and removal. */
export function PeopleTable({ users, me }: { users: UserRow[]; me: string | null }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');

  const run = (fn: () => Promise<Result>, done: string) =>
    start(async () => {
      const r = await fn();
      setMessage(r.ok ? { tone: 'ok', text: done } : { tone: 'error', text: r.error.message });
      if (r.ok) {
        setResetting(null);
        setNewPassword('');
      }
      router.refresh();
    });

  return (
    <div className="space-y-2">
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <Table aria-label="People" layout="framed">
          <THead banded>
            <tr>
              <Th>Name</Th>
              <Th>Role</Th>
              <Th numeric>Sessions</Th>
              <Th numeric>API keys</Th>
              <Th>Since</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {users.map((u) => {
              const isMe = u.username === me;
              return (
                <Tr key={u.id}>
                  <Td>
                    <span className="font-medium">{u.username}</span>
                    {isMe && (
                      <span className="ml-2">
                        <Badge tone="info">you</Badge>
                      </span>
                    )}
                  </Td>
                  <Td>
                    <select
                      aria-label={`Role of ${u.username}`}
                      className={`${fieldClass} mt-0 w-32`}
                      value={u.role}
                      disabled={pending || isMe}
                      onChange={(e) =>
                        run(
                          () => setRoleAction({ username: u.username, role: e.target.value as Role }),
                          `${u.username} is now a ${e.target.value}.`,
                        )
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </Td>
                  <Td numeric>{u.sessions}</Td>
                  <Td numeric>{u.apiKeys}</Td>
                  <Td className="text-xs text-zinc-500">{fmtDate(u.createdAt)}</Td>
                  <Td>
                    <div className="flex flex-wrap justify-end gap-1">
                      <Button size="sm" variant="ghost" disabled={pending} onClick={() => setResetting(u.username)}>
                        Reset password
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={pending || u.sessions === 0}
                        onClick={() =>
                          run(() => signOutUserAction({ username: u.username }), `${u.username} was signed out.`)
                        }
                      >
                        Sign out
                      </Button>
                      {!isMe && (
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={pending}
                          onClick={() => {
                            if (!window.confirm(`Remove ${u.username}? Their sessions and API keys end now.`)) return;
                            run(() => removeUserAction({ username: u.username }), `${u.username} was removed.`);
                          }}
                        >
                          Remove
                        </Button>
                      )}
                    </div>
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </div>
      {resetting && (
        <form
          className="flex flex-wrap items-end gap-2 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
          onSubmit={(e) => {
            e.preventDefault();
            run(
              () => resetPasswordAction({ username: resetting, password: newPassword }),
              `New password set for ${resetting}; their sessions were signed out.`,
            );
          }}
        >
          <label className="text-sm">
            New password for <span className="font-medium">{resetting}</span>
            <input
              className={`${fieldClass} w-72`}
              type="password"
              autoComplete="new-password"
              minLength={PASSWORD_MIN}
              required
              autoFocus
              value={newPassword}
              onChange={(e) => setNewPassword(e.target.value)}
            />
          </label>
          <Button type="submit" size="sm" variant="primary" disabled={pending}>
            Set password
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={() => setResetting(null)}>
            Cancel
          </Button>
        </form>
      )}
      {message && (
        <p
          role={message.tone === 'error' ? 'alert' : 'status'}
          className={`text-sm ${message.tone === 'error' ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
