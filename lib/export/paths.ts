/**
 * Export folders: a user's export name (sanitised in export-name.ts, pure so the form can show it)
 * made unique and resolved inside data/exports, with containment re-checked.
 */
import path from 'node:path';
import { exportNameCandidates, sanitizeExportName } from './export-name';

export { MAX_EXPORT_NAME, sanitizeExportName } from './export-name';

/**
 * `name`, or `name-2`, `name-3`... : the first that `taken` rejects. The suffix is counted into the
 * length limit so the result stays a valid export name.
 */
export async function uniqueExportName(
  name: string,
  taken: (candidate: string) => boolean | Promise<boolean>,
): Promise<string> {
  for (const candidate of exportNameCandidates(name)) if (!(await taken(candidate))) return candidate;
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
