import type { ReactNode } from 'react';

/** A row of headline figures; numbers are tabular so they do not jump while a slider moves. */
export function Figures({
  items,
  label,
}: {
  items: { label: string; value: ReactNode; detail?: ReactNode; testId?: string }[];
  label: string;
}) {
  return (
    <dl aria-label={label} className="grid grid-cols-[repeat(auto-fit,minmax(8.5rem,1fr))] gap-2">
      {items.map((i) => (
        <div
          key={i.label}
          className="rounded-md border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <dt className="text-[11px] font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            {i.label}
          </dt>
          <dd className="tabular mt-0.5 text-lg font-semibold" data-testid={i.testId}>
            {i.value}
          </dd>
          {i.detail && <dd className="tabular text-xs text-zinc-500 dark:text-zinc-400">{i.detail}</dd>}
        </div>
      ))}
    </dl>
  );
}

export function Panel({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <header className="mb-2 flex items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        {aside && <div className="text-xs text-zinc-500 dark:text-zinc-400">{aside}</div>}
      </header>
      {children}
    </section>
  );
}
