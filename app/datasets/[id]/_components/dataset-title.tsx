import Link from 'next/link';
import type { ReactNode } from 'react';

/** Breadcrumb + dataset name, shared by the dataset's pages. */
export function DatasetTitle({
  name,
  section,
  subtitle,
  actions,
}: {
  name: string;
  section?: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <div className="text-xs text-zinc-500 dark:text-zinc-400">
          <Link href="/datasets" className="hover:underline">
            Datasets
          </Link>
          {section && <span> / {name}</span>}
        </div>
        <h1 className="truncate text-xl font-semibold tracking-tight">{section ?? name}</h1>
        {subtitle && <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{subtitle}</p>}
      </div>
      {actions && <div className="flex items-center gap-2">{actions}</div>}
    </div>
  );
}
