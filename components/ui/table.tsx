import type { HTMLAttributes, TableHTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from 'react';

/*
 * The small table for lists and summaries: a real <table> with one look for header, row rules and
 * numbers. The rollout browser's virtualised, sortable table is components/data-table instead.
 *
 *   <Table aria-label="Issues" layout="framed">
 *     <THead banded sticky>
 *       <tr><Th numeric>Line</Th><Th>Message</Th></tr>
 *     </THead>
 *     <TBody>
 *       {issues.map((i) => <Tr key={…}><Td numeric>{i.line}</Td><Td>{i.message}</Td></Tr>)}
 *     </TBody>
 *   </Table>
 *
 * The table chooses density and layout once; cells read their padding from the CSS variables it sets,
 * so the parts need no React context and work in server and client components alike. To change one
 * cell's padding, set the variable on it (`className="[--cell-py:--spacing(10)]"`) rather than adding
 * a py-* class, which would compete with the cell's own.
 */

type Density = 'compact' | 'normal' | 'relaxed';
type Layout = 'inset' | 'framed' | 'grid';
type Align = 'left' | 'center' | 'right';

const densities: Record<Density, string> = {
  compact: 'text-[13px] [--cell-py:--spacing(1)]',
  normal: 'text-sm [--cell-py:--spacing(1.5)]',
  relaxed: 'text-sm [--cell-py:--spacing(2.5)]',
};

const layouts: Record<Layout, string> = {
  // Inside a Card's padding: no outer cell padding, columns kept apart by a gap on the right.
  inset: 'w-full [--cell-pl:0px] [--cell-pr:--spacing(3)] [--cell-edge:0px]',
  // Edge to edge in a bordered container: the outer cells line up with the container's padding.
  framed: 'w-full [--cell-pl:--spacing(3)] [--cell-pr:--spacing(3)] [--cell-edge:--spacing(4)]',
  // Every cell boxed, as wide as its content, header cells tinted (tables inside rendered Markdown).
  grid: '[--cell-pl:--spacing(2)] [--cell-pr:--spacing(2)] [--cell-edge:--spacing(2)] [&_:is(td,th)]:border [&_:is(td,th)]:border-zinc-200 dark:[&_:is(td,th)]:border-zinc-700 [&_th]:bg-zinc-50 [&_th]:font-semibold dark:[&_th]:bg-zinc-800/60',
};

const aligns: Record<Align, string> = { left: 'text-left', center: 'text-center', right: 'text-right' };

const cellPadding = 'py-(--cell-py) pl-(--cell-pl) pr-(--cell-pr) first:pl-(--cell-edge) last:pr-(--cell-edge)';

export function Table({
  density = 'normal',
  layout = 'inset',
  className = '',
  ...rest
}: TableHTMLAttributes<HTMLTableElement> & { density?: Density; layout?: Layout }) {
  return <table {...rest} className={`${densities[density]} ${layouts[layout]} ${className}`} />;
}

/** `banded` gives the header a tinted, upper-case band (tables that fill a framed container). */
export function THead({
  banded = false,
  sticky = false,
  className = '',
  ...rest
}: HTMLAttributes<HTMLTableSectionElement> & { banded?: boolean; sticky?: boolean }) {
  const band = banded
    ? 'bg-zinc-50 uppercase tracking-wide dark:bg-zinc-900'
    : sticky
      ? 'bg-white dark:bg-zinc-900'
      : '';
  return (
    <thead
      {...rest}
      className={`text-xs text-zinc-500 dark:text-zinc-400 ${band} ${sticky ? 'sticky top-0 z-10' : ''} ${className}`}
    />
  );
}

export function TBody({ className = '', ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return (
    <tbody
      {...rest}
      className={`divide-y divide-zinc-100 border-t border-zinc-100 dark:divide-zinc-800 dark:border-zinc-800 ${className}`}
    />
  );
}

export function Tr({
  hover = false,
  selected = false,
  className = '',
  ...rest
}: HTMLAttributes<HTMLTableRowElement> & { hover?: boolean; selected?: boolean }) {
  const tint = selected
    ? 'bg-indigo-50/60 dark:bg-indigo-950/30'
    : hover
      ? 'hover:bg-zinc-50 dark:hover:bg-zinc-800/50'
      : '';
  return <tr {...rest} className={`${tint} ${className}`} />;
}

/** A header cell: `scope="col"` unless told otherwise; `numeric` right-aligns it over a numeric column. */
export function Th({
  numeric = false,
  align,
  scope = 'col',
  className = '',
  ...rest
}: ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean; align?: Align }) {
  const a = aligns[align ?? (numeric ? 'right' : 'left')];
  return <th scope={scope} {...rest} className={`${cellPadding} font-medium ${a} ${className}`} />;
}

/** A data cell: `numeric` right-aligns it with tabular figures so the digits line up. */
export function Td({
  numeric = false,
  align,
  className = '',
  ...rest
}: TdHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean; align?: Align }) {
  const a = align ? aligns[align] : numeric ? 'text-right' : '';
  return <td {...rest} className={`${cellPadding} ${numeric ? 'tabular' : ''} ${a} ${className}`} />;
}
