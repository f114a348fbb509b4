import Link from 'next/link';

const linkClass =
  'rounded-md px-2.5 py-1 text-sm font-medium text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100';
const activeClass =
  'rounded-md bg-white px-2.5 py-1 text-sm font-medium text-zinc-900 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-100 dark:ring-zinc-700';

export type DatasetSection = 'overview' | 'rollouts' | 'tasks' | 'curate' | 'tokens' | 'export';

/** The dataset's sections; every dataset page shows it under its title. */
export function DatasetNav({
  datasetId,
  active,
  canExport = true,
}: {
  datasetId: number;
  active: DatasetSection;
  /** Hides the Export tab from roles that cannot export (viewers and reviewers). */
  canExport?: boolean;
}) {
  const base = `/datasets/${datasetId}`;
  const items: { key: DatasetSection; href: string; label: string }[] = [
    { key: 'overview', href: base, label: 'Overview' },
    { key: 'rollouts', href: `${base}/rollouts`, label: 'Rollouts' },
    { key: 'tasks', href: `${base}/tasks`, label: 'Tasks' },
    { key: 'curate', href: `${base}/curate`, label: 'Curate' },
    { key: 'tokens', href: `${base}/tokens`, label: 'Tokens' },
    ...(canExport ? [{ key: 'export' as const, href: `/exports?dataset=${datasetId}`, label: 'Export' }] : []),
  ];
  return (
    <nav
      aria-label="Dataset"
      className="mb-4 flex flex-wrap items-center gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-900"
    >
      {items.map((i) => (
        <Link
          key={i.key}
          href={i.href}
          aria-current={i.key === active ? 'page' : undefined}
          className={i.key === active ? activeClass : linkClass}
        >
          {i.label}
        </Link>
      ))}
    </nav>
  );
}
