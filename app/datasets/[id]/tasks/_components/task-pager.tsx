import { ButtonLink } from '@/components/ui/button';
import { fmtInt } from '@/lib/ui/format';

export function TaskPager({
  page,
  total,
  pageSize,
  prevHref,
  nextHref,
}: {
  page: number;
  total: number;
  pageSize: number;
  prevHref: string | null;
  nextHref: string | null;
}) {
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  return (
    <div className="flex items-center justify-between text-xs text-zinc-600 dark:text-zinc-400">
      <span className="tabular">
        {fmtInt(from)}–{fmtInt(Math.min(total, page * pageSize))} of {fmtInt(total)} tasks
      </span>
      <div className="flex gap-2">
        {prevHref && (
          <ButtonLink href={prevHref} size="sm">
            ‹ Prev
          </ButtonLink>
        )}
        {nextHref && (
          <ButtonLink href={nextHref} size="sm">
            Next ›
          </ButtonLink>
        )}
      </div>
    </div>
  );
}
