import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/session';
import { listApiKeys } from '@/lib/db/users';
import { ApiKeys } from './_components/api-keys';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const actor = await requirePageRole('viewer');
  return (
    <div className="space-y-6">
      <PageHeader
        title="My API keys"
        subtitle='For scripts that call this Sift server: send a key as "Authorization: Bearer <key>" or "x-api-key: <key>". A key acts as you, with at most your role; revoking it takes effect at once.'
      />
      {actor.kind === 'owner' ? (
        <EmptyState title="No accounts yet">
          Sift runs for this machine only, without sign-in, so nothing needs a key. Keys belong to accounts: create the
          first with <code className="font-mono">npx sift users add NAME --role admin</code>.
        </EmptyState>
      ) : (
        <ApiKeys keys={await listApiKeys({ userId: actor.id })} role={actor.role} />
      )}
    </div>
  );
}
