/**
 * Export names typed by a user become folder names under data/exports/. They are reduced to a
 * safe alphabet, so no input can name another folder: no separators, no '..', no NUL or control
 * characters, no leading dot, bounded length. Pure, so the exports form shows the name that will be
 * saved; paths.ts (node) resolves the folder and re-checks containment.
 */

export const MAX_EXPORT_NAME = 80;

/** A safe folder name for `input` ('export' when nothing usable is left). Idempotent. */
export function sanitizeExportName(input: string): string {
  const cleaned = input
    .normalize('NFKC')
    // Anything outside letters, digits, space, dot, dash and underscore becomes a dash.
    .replace(/[^\p{L}\p{N} ._-]+/gu, '-')
    .replace(/\s+/g, ' ')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[\s.-]+|[\s.-]+$/g, '');
  const cut = [...cleaned]
    .slice(0, MAX_EXPORT_NAME)
    .join('')
    .replace(/[\s.-]+$/g, '');
  return cut.length > 0 ? cut : 'export';
}

/** The candidates for a free name, in order: `name`, `name-2`, `name-3`... (suffix within the limit). */
export function* exportNameCandidates(name: string): Generator<string> {
  const base = sanitizeExportName(name);
  yield base;
  for (let n = 2; n < 100_000; n++) {
    const suffix = `-${n}`;
    yield sanitizeExportName([...base].slice(0, MAX_EXPORT_NAME - suffix.length).join('') + suffix);
  }
}

/** The name an export typed as `name` is saved under, given the names already taken. */
export function savedExportName(name: string, taken: ReadonlySet<string>): string {
  for (const candidate of exportNameCandidates(name)) if (!taken.has(candidate)) return candidate;
  throw new Error('no free export name');
}
