import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { getExport } from '@/lib/db/exports';
import { MANIFEST_NAME, parseManifest, resolveExportDir } from '@/lib/export';
import { getEnv } from '@/lib/env';
import { errorBody, type ErrorCode } from '@/lib/errors';
import { guardRoute } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

const TYPES: Record<string, string> = {
  '.jsonl': 'application/jsonl; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.parquet': 'application/vnd.apache.parquet',
};

const notFound = (message: string, code: ErrorCode = 'export_not_found') =>
  Response.json(errorBody(code, message), { status: 404 });

/**
 * Streams one file of a finished export from disk. Only names listed in the export's manifest
 * (plus manifest.json itself) are served, so no request can read anything else on disk.
 */
async function get(_request: Request, { params }: { params: Promise<{ id: string; name: string }> }) {
  const { id, name } = await params;
  const exportId = Number(id);
  if (!Number.isInteger(exportId) || exportId <= 0) return notFound(`no export ${id}`);
  const row = await getExport({ id: exportId });
  if (!row || row.status !== 'done' || !row.manifest) return notFound(`export ${id} has no finished files`);
  const manifest = parseManifest(JSON.stringify(row.manifest));
  const listed = name === MANIFEST_NAME || manifest.files.some((f) => f.name === name);
  if (!listed || name !== path.basename(name))
    return notFound(`export ${id} has no file ${JSON.stringify(name)}`, 'file_not_found');
  // The folder comes from the (sanitised) name, never from a stored path.
  const file = path.join(/*turbopackIgnore: true*/ resolveExportDir(getEnv().exportsDir, row.name), name);
  let size: number;
  try {
    size = (await fs.promises.stat(/*turbopackIgnore: true*/ file)).size;
  } catch {
    return notFound(`${name} is no longer on disk (the export folder was changed)`, 'file_not_found');
  }
  const body = Readable.toWeb(fs.createReadStream(/*turbopackIgnore: true*/ file)) as ReadableStream<Uint8Array>;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(body, {
    headers: {
      'Content-Type': TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(size),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export const GET = guardRoute('viewer', get);
