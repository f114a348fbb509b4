/** What the compare list shows: aligned rows, with long runs of identical rows folded. Pure. */
import type { AlignedRow } from '@/lib/ui/align-turns';

export type CompareItem =
  { kind: 'row'; rowIndex: number; row: AlignedRow; dimmed: boolean } | { kind: 'run'; start: number; end: number };

/** Runs of at least this many identical rows are folded into one "N identical turns" item. */
export const MIN_FOLDED_RUN = 3;

/** `expandedRuns` holds the start row index of each run the user unfolded. */
export function buildCompareItems(
  rows: AlignedRow[],
  expandedRuns: ReadonlySet<number>,
  minRun = MIN_FOLDED_RUN,
): CompareItem[] {
  const items: CompareItem[] = [];
  let i = 0;
  while (i < rows.length) {
    if (rows[i].kind !== 'same') {
      items.push({ kind: 'row', rowIndex: i, row: rows[i], dimmed: false });
      i++;
      continue;
    }
    let end = i;
    while (end < rows.length && rows[end].kind === 'same') end++;
    if (end - i >= minRun && !expandedRuns.has(i)) {
      items.push({ kind: 'run', start: i, end });
    } else {
      for (let k = i; k < end; k++) items.push({ kind: 'row', rowIndex: k, row: rows[k], dimmed: true });
    }
    i = end;
  }
  return items;
}

/** Index of the item showing row `rowIndex` (a folded run counts as showing its rows). */
export function itemIndexOfRow(items: CompareItem[], rowIndex: number): number {
  return items.findIndex((it) =>
    it.kind === 'row' ? it.rowIndex === rowIndex : rowIndex >= it.start && rowIndex < it.end,
  );
}
