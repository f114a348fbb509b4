'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import type { ActorView } from '@/lib/auth/actor';
import { signOutAction } from './actions';

const item =
  'block w-full rounded px-3 py-1.5 text-left text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800';

/** Who is signed in, where a user would be: "local owner" without accounts; otherwise a menu with sign-out. */
export function UserMenu({ actor }: { actor: ActorView | null }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  if (!actor) return null;
  if (actor.isOwner)
    return (
      <span
        className="ml-auto text-xs text-zinc-500"
        title="No accounts: Sift runs for this machine only, without sign-in"
      >
        local owner
      </span>
    );
  return (
    <div ref={box} className="relative ml-auto">
      <button
        type="button"
        aria-label="User menu"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-zinc-200/60 dark:hover:bg-zinc-800"
      >
        <span className="font-medium">{actor.name}</span>
        <Badge tone="neutral">{actor.role}</Badge>
      </button>
      {open && (
        <div
          role="menu"
          aria-label="User menu"
          className="absolute right-0 z-40 mt-1 w-48 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <Link role="menuitem" className={item} href="/settings/api-keys" onClick={() => setOpen(false)}>
            My API keys
          </Link>
          {actor.can.managePeople && (
            <Link role="menuitem" className={item} href="/settings/people" onClick={() => setOpen(false)}>
              People
            </Link>
          )}
          <button
            role="menuitem"
            type="button"
            className={item}
            disabled={pending}
            onClick={() =>
              start(async () => {
                await signOutAction();
                setOpen(false);
                router.replace('/sign-in');
                router.refresh();
              })
            }
          >
            {pending ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      )}
    </div>
  );
}
