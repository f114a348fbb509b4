import { redirect } from 'next/navigation';
import { requirePageRole } from '@/lib/auth/session';

export default async function Home() {
  await requirePageRole('viewer');
  redirect('/datasets');
}
