/**
 * The tokenizer worker as one plain ES module, so a worker thread starts without tsx: tsx
 * registers its loader hooks per thread, and each worker then compiles and resolves ~40 modules
 * through messages to its own hooks thread (a third of a worker's start-up, and an extra thread's
 * memory each). esbuild (already installed, tsx runs on it) bundles our TypeScript; packages stay
 * external and resolve from the bundle's folder, node_modules/.cache/sift under the project, so
 * the bundled code finds @huggingface/* and the tokenizer packages as the sources would.
 *
 * The bundle is rebuilt when any of its inputs changes (size or mtime, from esbuild's metafile),
 * written to a temporary name and renamed, so concurrent processes never read half a file. Any
 * failure (no esbuild, read-only folder) returns null and the caller uses the tsx path.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

interface Meta {
  inputs: Record<string, string>;
}

interface EsbuildLike {
  buildSync(opts: Record<string, unknown>): { metafile?: { inputs: Record<string, unknown> } };
}

function stamp(file: string): string {
  const s = fs.statSync(file);
  return `${s.size}:${s.mtimeMs}`;
}

function fresh(out: string, metaFile: string, root: string): boolean {
  if (!fs.existsSync(out) || !fs.existsSync(metaFile)) return false;
  try {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Meta;
    return Object.entries(meta.inputs).every(([f, s]) => stamp(path.resolve(root, f)) === s);
  } catch {
    return false;
  }
}

/** The nearest folder at or above `from` that has a node_modules. */
function projectRoot(from: string): string | null {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'node_modules'))) {
    if (path.dirname(dir) === dir) return null;
    dir = path.dirname(dir);
  }
  return dir;
}

/** node_modules/.cache/sift of the project `from` is in (created on first write), or null. */
export function siftCacheDir(from: string): string | null {
  const root = projectRoot(from);
  return root ? path.join(root, 'node_modules', '.cache', 'sift') : null;
}

const failed = new Set<string>();

/** The bundled worker for the TypeScript entry `entry` (absolute), or null when it cannot be built. */
export function bundledWorker(entry: string): string | null {
  if (failed.has(entry)) return null;
  try {
    const root = projectRoot(path.dirname(entry));
    if (!root) throw new Error('no node_modules above the worker');
    const dir = path.join(root, 'node_modules', '.cache', 'sift');
    const name = path.basename(entry).replace(/\.ts$/, '');
    const out = path.join(dir, `${name}.mjs`);
    const metaFile = path.join(dir, `${name}.meta.json`);
    if (!fresh(out, metaFile, root)) {
      const esbuild = createRequire(path.join(root, 'package.json'))(
        /* webpackIgnore: true */ 'esbuild',
      ) as EsbuildLike;
      fs.mkdirSync(dir, { recursive: true });
      const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
      const r = esbuild.buildSync({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        outfile: tmp,
        metafile: true,
        absWorkingDir: root,
        logLevel: 'silent',
      });
      const inputs: Record<string, string> = {};
      for (const f of Object.keys(r.metafile?.inputs ?? {})) inputs[f] = stamp(path.resolve(root, f));
      fs.writeFileSync(`${metaFile}.${process.pid}.tmp`, JSON.stringify({ inputs } satisfies Meta));
      fs.renameSync(tmp, out);
      fs.renameSync(`${metaFile}.${process.pid}.tmp`, metaFile);
    }
    return out;
  } catch {
    failed.add(entry);
    return null;
  }
}
