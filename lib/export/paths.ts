/**
 * Export names typed by a user become folder names under data/exports/. They are reduced to a
 * safe alphabet, so no input can name another folder: no separators, no '..', no NUL or control
 * characters, no leading dot, bounded length. `resolveExportDir` re-checks containment anyway.
 */
import path from 'node:path';

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

/**
 * `name`, or `name-2`, `name-3`... : the first that `taken` rejects. The suffix is counted into the
 * length limit so the result stays a valid export name.
 */
export async function uniqueExportName(
  name: string,
  taken: (candidate: string) => boolean | Promise<boolean>,
): Promise<string> {
  const base = sanitizeExportName(name);
  if (!(await taken(base))) return base;
  for (let n = 2; n < 100_000; n++) {
    const suffix = `-${n}`;
    const candidate = sanitizeExportName([...base].slice(0, MAX_EXPORT_NAME - suffix.length).join('') + suffix);
    if (!(await taken(candidate))) return candidate;
  }
  throw new Error('no free export name');
}

/** The folder for an export name inside `root` (data/exports). Throws if it would leave root. */
export function resolveExportDir(root: string, name: string): string {
  const safe = sanitizeExportName(name);
  const base = path.resolve(root);
  const dir = path.resolve(base, safe);
  if (path.dirname(dir) !== base) throw new Error(`export name escapes the exports folder: ${JSON.stringify(name)}`);
  return dir;
}
