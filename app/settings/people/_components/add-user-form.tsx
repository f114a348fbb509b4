'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { fieldClass, fieldErrorClass, labelClass } from '@/components/ui/form';
import { PASSWORD_MIN } from '@/lib/auth/password';
import { ROLES, type Role } from '@/lib/auth/roles';
import { addUserAction } from '../actions';

export function AddUserForm() {
  const router = useRouter();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('reviewer');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const err = (field: string) =>
    errors[field] && (
      <p className={fieldErrorClass} role="alert">
        {errors[field].join(' ')}
      </p>
    );

  return (
    <Card title="Add a person">
      <form
        aria-label="Add a person"
        className="grid gap-3 md:grid-cols-[1fr_10rem_1fr_auto] md:items-start"
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          start(async () => {
            const r = await addUserAction({ username, password, role });
            if (!r.ok) {
              setErrors(r.error.fieldErrors ?? { _: [r.error.message] });
              return;
            }
            setErrors({});
            setDone(`Added ${r.data.username} (${r.data.role}). Give them their password in person.`);
            setUsername('');
            setPassword('');
            router.refresh();
          });
        }}
      >
        <label className={labelClass}>
          User name
          <input
            className={fieldClass}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          {err('username')}
        </label>
        <label className={labelClass}>
          Role
          <select className={fieldClass} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          {err('role')}
        </label>
        <label className={labelClass}>
          Password (at least {PASSWORD_MIN} characters)
          <input
            className={fieldClass}
            type="password"
            autoComplete="new-password"
            minLength={PASSWORD_MIN}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {err('password')}
        </label>
        <Button type="submit" variant="primary" className="md:mt-5" disabled={pending}>
          {pending ? 'Adding…' : 'Add'}
        </Button>
      </form>
      {err('_')}
      {done && (
        <p role="status" className="mt-2 text-sm text-emerald-700 dark:text-emerald-400">
          {done}
        </p>
      )}
    </Card>
  );
}
