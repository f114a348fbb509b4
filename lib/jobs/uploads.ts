/**
 * Uploaded files waiting to be imported: data/uploads/<uuid>-<safe name>, each with a sidecar
 * <id>.json holding what the upload route measured while streaming (size, sha256, the user's file
 * name). The id is the only thing a client sends back, so it is validated before it becomes a path.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getEnv } from '../env';

export interface UploadInfo {
  uploadId: string;
  fileName: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[A-Za-z0-9._-]{1,120}$/;
/** Uploads never imported (or whose import failed) are removed after this long. */
export const UPLOAD_TTL_MS = 7 * 24 * 3600_000;

export function isUploadId(id: string): boolean {
  return ID_RE.test(id) && !id.includes('..');
}

export function uploadPath(uploadId: string): string {
  if (!isUploadId(uploadId)) throw new Error(`invalid upload id ${uploadId}`);
  return path.join(getEnv().uploadsDir, uploadId);
}

function safeName(fileName: string): string {
  const base = path
    .basename(fileName)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '');
  return (base || 'upload').slice(-120);
}

/** Streams `body` to disk (never buffering the file) while hashing it. A failed or aborted upload leaves nothing. */
export async function saveUpload({
  body,
  fileName,
}: {
  body: AsyncIterable<Uint8Array> | NodeJS.ReadableStream;
  fileName: string;
}): Promise<UploadInfo> {
  const dir = getEnv().uploadsDir;
  await fsp.mkdir(dir, { recursive: true });
  const uploadId = `${crypto.randomUUID()}-${safeName(fileName)}`;
  const file = path.join(dir, uploadId);
  const hash = crypto.createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    await pipeline(body, measure, fs.createWriteStream(file, { flags: 'wx' }));
  } catch (e) {
    await fsp.rm(file, { force: true });
    throw e;
  }
  const info: UploadInfo = {
    uploadId,
    fileName: path.basename(fileName),
    size,
    sha256: hash.digest('hex'),
    createdAt: new Date().toISOString(),
  };
  await fsp.writeFile(`${file}.json`, JSON.stringify(info));
  return info;
}

export async function getUpload(uploadId: string): Promise<UploadInfo | null> {
  if (!isUploadId(uploadId)) return null;
  try {
    const info = JSON.parse(await fsp.readFile(`${uploadPath(uploadId)}.json`, 'utf8')) as UploadInfo;
    await fsp.access(uploadPath(uploadId));
    return info;
  } catch {
    return null;
  }
}

export async function deleteUpload(filePath: string): Promise<void> {
  await fsp.rm(filePath, { force: true });
  await fsp.rm(`${filePath}.json`, { force: true });
}

/** Removes uploads older than UPLOAD_TTL_MS. Best effort. */
export async function sweepUploads(now = Date.now()): Promise<void> {
  const dir = getEnv().uploadsDir;
  const entries = await fsp.readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    entries.map(async (name) => {
      const p = path.join(dir, name);
      const st = await fsp.stat(p).catch(() => null);
      if (st && now - st.mtimeMs > UPLOAD_TTL_MS) await fsp.rm(p, { force: true, recursive: true });
    }),
  );
}
