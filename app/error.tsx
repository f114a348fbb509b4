'use client';

import Link from 'next/link';
import { Button } from '@/components/ui/button';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div
      role="alert"
      className="mx-auto max-w-xl rounded-lg border border-red-300 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950/40"
    >
      <h1 className="text-lg font-semibold text-red-900 dark:text-red-200">Something went wrong</h1>
      <p className="mt-2 text-sm text-red-800 dark:text-red-300">
        {error.message || 'An unexpected error stopped this page from loading.'}
      </p>
      {error.digest && (
        <p className="mt-1 font-mono text-xs text-red-700/70">Reference: {error.digest} (also in the server log)</p>
      )}
      <p className="mt-3 text-sm text-red-800 dark:text-red-300">
        Your data is safe: nothing was changed. Try again, or go back to your datasets.
      </p>
      <div className="mt-4 flex gap-2">
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
        <Link className="rounded-md px-3 py-1.5 text-sm underline" href="/datasets">
          Datasets
        </Link>
      </div>
    </div>
  );
}
