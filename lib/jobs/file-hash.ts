/** sha256 of an input (a file, or a tau2 results folder), streamed: how a re-import is recognised. */
import crypto from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import nodePath from 'node:path';

/** Streams the file (or every file of a folder, in name order) once. */
export async function hashFile(
  path: string,
  onBytes?: (done: number, total: number) => void,
): Promise<{ sha256: string; size: number }> {
  const files = await listFiles(path);
  const total = (await Promise.all(files.map((f) => fs.stat(f)))).reduce((s, st) => s + st.size, 0);
  const hash = crypto.createHash('sha256');
  let done = 0;
  for (const f of files) {
    if (files.length > 1) hash.update(nodePath.relative(path, f) + '\0');
    for await (const chunk of createReadStream(f, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      done += (chunk as Buffer).length;
      onBytes?.(done, total);
    }
  }
  return { sha256: hash.digest('hex'), size: total };
}

export async function listFiles(path: string): Promise<string[]> {
  const st = await fs.stat(path);
  if (!st.isDirectory()) return [path];
  const entries = await fs.readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => nodePath.join(e.parentPath, e.name))
    .sort();
}
