import type { Neighbors } from '@/lib/db/rollouts';
import { ButtonLink, buttonClass } from '@/components/ui/button';
import { fmtInt } from '@/lib/ui/format';
import { KeyboardNav } from './keyboard-nav';

/** The table page a viewer returns to (the table owns its URL; see lib/ui/rollout-query.ts). */
export function tableHref(datasetId: number, qs: string): string {
  return `/datasets/${datasetId}/rollouts${qs}`;
}

/** Previous / next within the table's current filter and sort, and the way back to that table page. */
export function RolloutNav({ datasetId, qs, neighbors }: { datasetId: number; qs: string; neighbors: Neighbors }) {
  const href = (rid: number) => `/datasets/${datasetId}/rollouts/${rid}${qs}`;
  const prev = neighbors.prevId === null ? null : href(neighbors.prevId);
  const next = neighbors.nextId === null ? null : href(neighbors.nextId);
  const disabled = `${buttonClass('secondary')} pointer-events-none opacity-40`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-xs text-zinc-500 tabular dark:text-zinc-400">
        {neighbors.index >= 0
          ? `${fmtInt(neighbors.index + 1)} of ${fmtInt(neighbors.total)}`
          : 'Not in the current filter'}
      </span>
      {prev ? (
        <ButtonLink href={prev}>← Previous</ButtonLink>
      ) : (
        <span aria-disabled="true" className={disabled}>
          ← Previous
        </span>
      )}
      {next ? (
        <ButtonLink href={next}>Next →</ButtonLink>
      ) : (
        <span aria-disabled="true" className={disabled}>
          Next →
        </span>
      )}
      <ButtonLink href={tableHref(datasetId, qs)} variant="ghost">
        Back to table
      </ButtonLink>
      <KeyboardNav prev={prev} next={next} />
    </div>
  );
}
