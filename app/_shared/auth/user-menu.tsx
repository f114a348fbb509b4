'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import type { ActorView } from '@/lib/auth/actor';
import { signOutAction } from './actions';

const item =
  'block w-full rounded px-3 py-1.5 text-left text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800';

/** Who is signed in, where a user would be: "local owner" without accounts; otherwise a menu with sign-out. */
export function UserMenu({ actor }: { actor: ActorView | null }) {
  const router = useRouter();
  const [pending, start] = useTransition();
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
    <details className="relative ml-auto">
      <summary
        aria-label="User menu"
        className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-zinc-200/60 dark:hover:bg-zinc-800"
      >
        <span className="font-medium">{actor.name}</span>
        <Badge tone="neutral">{actor.role}</Badge>
      </summary>
      <div
        role="menu"
        className="absolute right-0 z-40 mt-1 w-48 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
      >
        <Link role="menuitem" className={item} href="/settings/api-keys">
          My API keys
        </Link>
        {actor.can.managePeople && (
          <Link role="menuitem" className={item} href="/settings/people">
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
              router.replace('/sign-in');
              router.refresh();
            })
          }
        >
          {pending ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </details>
  );
}
