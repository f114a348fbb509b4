import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { CREATE_ADMIN_HINT } from '@/lib/auth/actor';
import { getActor, safeNext, signInPageState } from '@/lib/auth/session';
import { SignInForm } from './_components/sign-in-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

/** The one page that needs no session. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const state = await signInPageState();
  if (state === 'local-owner' || (state === 'accounts' && (await getActor()))) redirect(safeNext(next));
  return (
    <div className="mx-auto mt-12 max-w-sm">
      <Card title="Sign in to Sift">
        {state === 'no-admin' ? (
          <p role="alert" className="text-sm text-zinc-700 dark:text-zinc-300">
            This Sift is served on a network address and has no accounts yet. An admin creates the first one on the
            server: <code className="font-mono text-xs">{CREATE_ADMIN_HINT}</code>
          </p>
        ) : (
          <SignInForm next={next} />
        )}
      </Card>
      <p className="mt-3 text-center text-xs text-zinc-500">No account? Ask a Sift admin to add you.</p>
    </div>
  );
}
