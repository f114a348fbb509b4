import { ButtonLink } from '@/components/ui/button';

/** What `forbidden()` renders (lib/auth/session.ts requirePageRole): signed in, but the role does not allow the page. */
export default function Forbidden() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-lg font-semibold">Your role does not allow this page</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Ask a Sift admin if you need another role.</p>
      <div className="mt-6">
        <ButtonLink href="/datasets" variant="primary">
          Go to datasets
        </ButtonLink>
      </div>
    </div>
  );
}
