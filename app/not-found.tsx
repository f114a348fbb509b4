import { ButtonLink } from '@/components/ui/button';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        There is nothing at this address. The dataset, rollout or export may have been deleted, or the link is mistyped.
      </p>
      <div className="mt-6">
        <ButtonLink href="/datasets" variant="primary">
          Go to datasets
        </ButtonLink>
      </div>
    </div>
  );
}
