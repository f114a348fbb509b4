/** Output conventions of every subcommand: a table or --json on stdout, one-line errors on stderr. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printTable(
  rows: Record<string, string | number | null>[],
  columns: { key: string; label: string; align?: 'left' | 'right' }[],
): void {
  const cells = rows.map((r) => columns.map((c) => (r[c.key] == null ? '—' : String(r[c.key]))));
  const widths = columns.map((c, i) => Math.max(c.label.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => (columns[i].align === 'right' ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  process.stdout.write(line(columns.map((c) => c.label)) + '\n');
  for (const row of cells) process.stdout.write(line(row) + '\n');
}
