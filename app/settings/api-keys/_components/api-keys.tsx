'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { fieldClass, labelClass } from '@/components/ui/form';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { ROLES, roleAtLeast, type Role } from '@/lib/auth/roles';
import type { ApiKeyRow } from '@/lib/db/users';
import { fmtDate } from '@/lib/ui/format';
import { createApiKeyAction, revokeApiKeyAction } from '../actions';

/** One's own keys: create (shown once), list, revoke. */
export function ApiKeys({ keys, role }: { keys: ApiKeyRow[]; role: Role }) {
  const router = useRouter();
  const [label, setLabel] = useState('');
  const [limit, setLimit] = useState<Role | ''>('');
  const [created, setCreated] = useState<{ key: string; label: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  return (
    <div className="space-y-4">
      <Card title="New key">
        <form
          aria-label="New API key"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await createApiKeyAction({ label, role: limit || undefined });
              if (!r.ok) return setError(r.error.message);
              setError(null);
              setCreated({ key: r.data.key, label: r.data.name });
              setLabel('');
              router.refresh();
            });
          }}
        >
          <label className={labelClass}>
            What it is for
            <input
              className={`${fieldClass} w-64`}
              maxLength={32}
              required
              placeholder="e.g. nightly import"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
            />
          </label>
          <label className={labelClass}>
            Role
            <select className={`${fieldClass} w-40`} value={limit} onChange={(e) => setLimit(e.target.value as Role)}>
              <option value="">mine ({role})</option>
              {ROLES.filter((r) => r !== role && roleAtLeast(role, r)).map((r) => (
                <option key={r} value={r}>
                  only {r}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" variant="primary" disabled={pending}>
            Create key
          </Button>
        </form>
        {error && (
          <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        {created && (
          <div role="status" className="mt-3 rounded-md bg-amber-50 p-3 text-sm dark:bg-amber-900/30">
            <p className="font-medium">
              Copy the key{created.label ? ` "${created.label}"` : ''} now: it is not shown again.
            </p>
            <code aria-label="New API key" className="mt-1 block break-all font-mono text-xs">
              {created.key}
            </code>
          </div>
        )}
      </Card>
      {keys.length === 0 ? (
        <p className="text-sm text-zinc-500">No keys yet.</p>
      ) : (
        <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <Table aria-label="API keys" layout="framed">
            <THead banded>
              <tr>
                <Th>Label</Th>
                <Th>Starts with</Th>
                <Th>Role</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {keys.map((k) => (
                <Tr key={k.id}>
                  <Td className="font-medium">{k.name ?? '—'}</Td>
                  <Td className="font-mono text-xs">{k.start ? `${k.start}…` : '—'}</Td>
                  <Td>{k.role ?? `mine (${role})`}</Td>
                  <Td className="text-xs text-zinc-500">{fmtDate(k.createdAt)}</Td>
                  <Td className="text-xs text-zinc-500">{k.lastRequest ? fmtDate(k.lastRequest) : 'never'}</Td>
                  <Td className="text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={pending}
                      onClick={() => {
                        if (!window.confirm(`Revoke the key "${k.name ?? k.id}"? Scripts using it stop working now.`))
                          return;
                        start(async () => {
                          const r = await revokeApiKeyAction({ id: k.id });
                          setError(r.ok ? null : r.error.message);
                          router.refresh();
                        });
                      }}
                    >
                      Revoke
                    </Button>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </div>
  );
}
