import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/session';
import { listUsers } from '@/lib/db/users';
import { AddUserForm } from './_components/add-user-form';
import { PeopleTable } from './_components/people-table';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'People' };

export default async function PeoplePage() {
  const actor = await requirePageRole('admin');
  const users = await listUsers();
  return (
    <div className="space-y-6">
      <PageHeader
        title="People"
        subtitle="Accounts and their roles. Viewers read; reviewers also review what is assigned to them; curators import, curate and export; admins also manage people."
      />
      <PeopleTable users={users} me={actor.kind === 'user' ? actor.name : null} />
      <AddUserForm />
    </div>
  );
}
