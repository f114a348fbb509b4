import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { toWire } from '@/lib/curation';
import { loadCurateModel } from '@/lib/db/curation-tokens';
import { getDataset } from '@/lib/db/datasets';
import { errorBody } from '@/lib/errors';
import { guardRoute } from '@/lib/auth/session';

const gzipAsync = promisify(gzip);

/**
 * The dataset's curation model as wire JSON (lib/curation/wire.ts), fetched once by the curate page.
 * A route rather than a page prop (measured in bench/curate-browser.md): the payload stays out of
 * the HTML/RSC stream, which would re-send it on every server re-render (saving a recipe
 * revalidates the page); it is gzipped once per dataset version (1M rollouts are ~55 MB of JSON,
 * ~4 MB gzipped) and revalidated by ETag, so revisiting an unchanged dataset
 * transfers nothing.
 */
interface Encoded {
  etag: string;
  jsonBytes: number;
  gz: Promise<Buffer>;
}

// One entry per dataset: encoding 1M rows costs seconds, the model changes only on import.
const encoded = new Map<number, Encoded>();

async function get(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const dataset = /^\d+$/.test(id) ? await getDataset({ id: Number(id) }) : null;
  if (!dataset) return Response.json(errorBody('dataset_not_found', `No dataset ${id}.`), { status: 404 });
  const { model, rowIds, tokens } = await loadCurateModel({ datasetId: dataset.id });
  // Same key as the model cache (row count + last row id) plus the token analysis that filled it.
  const etag = `W/"m${dataset.id}-${model.n}-${rowIds.length ? rowIds[rowIds.length - 1] : 0}-${tokens?.analysisJobId ?? 'none'}"`;
  const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });

  let entry = encoded.get(dataset.id);
  if (!entry || entry.etag !== etag) {
    const json = Buffer.from(JSON.stringify(toWire(model)));
    entry = { etag, jsonBytes: json.length, gz: gzipAsync(json, { level: 6 }) };
    encoded.set(dataset.id, entry);
  }
  // Sent as a gzip file, not with Content-Encoding: Next drops that header from route handler
  // responses. The page inflates it with the browser's native DecompressionStream.
  const body = await entry.gz;
  return new Response(new Uint8Array(body), {
    headers: { ...headers, 'Content-Type': 'application/gzip', 'X-Sift-Json-Bytes': String(entry.jsonBytes) },
  });
}

export const GET = guardRoute('viewer', get);
