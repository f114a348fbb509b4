/**
 * The `dir` reader: tau2's dir format, `results.json` ({timestamp, info, tasks}) plus one
 * `simulations/<id>.json` per record. Accepts the directory or its results.json (the rule of
 * tau2's Results.load()). Each simulation file is small enough to JSON.parse whole.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import { readIssue, type ReadItem, type ReadOptions } from './types';
import { readJsonDoc } from './json-doc';

/** The folder of a dir-format input, or null when `path` is not one. */
export async function dirFormatRoot(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return path;
    const sims = nodePath.join(nodePath.dirname(path), 'simulations');
    if (nodePath.basename(path) === 'results.json' && (await stat(sims)).isDirectory()) return nodePath.dirname(path);
  } catch {
    // not found: not a dir format
  }
  return null;
}

export async function listSimulationFiles(root: string): Promise<string[]> {
  try {
    const names = await readdir(nodePath.join(root, 'simulations'));
    return names.filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
}

export async function* readDir(path: string, context: string[], opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const root = await dirFormatRoot(path);
  if (root === null) {
    yield readIssue(-1, 'not a tau2 dir-format folder (needs results.json and/or simulations/)');
    return;
  }
  const doc = opts.doc ?? {};
  const results = nodePath.join(root, 'results.json');
  const hasResults = await stat(results).then(
    (s) => s.isFile(),
    () => false,
  );
  if (hasResults) {
    // results.json may itself carry simulations (a monolithic file next to a folder): take them.
    let record = 0;
    for await (const item of readJsonDoc(results, { records: ['$.simulations.*'], context }, { doc })) {
      if (item.type === 'record') record++;
      yield item;
    }
    if (record > 0) return;
  } else {
    yield readIssue(-1, 'results.json is missing: simulations are read without info/tasks');
  }
  const files = await listSimulationFiles(root);
  if (files.length === 0) yield readIssue(-1, 'the simulations/ folder holds no .json files');
  let bytes = 0;
  const sizes = await Promise.all(files.map((f) => stat(nodePath.join(root, 'simulations', f)).then((s) => s.size)));
  const total = sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; i < files.length; i++) {
    const rel = `simulations/${files[i]}`;
    try {
      const text = await readFile(nodePath.join(root, rel), 'utf8');
      yield { type: 'record', value: JSON.parse(text), record: i, path: ['simulations', files[i]] };
    } catch (e) {
      yield readIssue(i, `${rel}: ${(e as Error).message}`, { path: `$` });
    }
    bytes += sizes[i];
    opts.onProgress?.(bytes, total);
  }
}
