import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { errorBody } from '@/lib/errors';
import { detectFile } from '@/lib/formats/detect';
import { saveUpload, sweepUploads, uploadPath } from '@/lib/jobs/uploads';
import { guardRoute } from '@/lib/auth/session';

/**
 * POST /api/uploads?name=FILE.jsonl with the file as the raw body. The body streams to data/uploads
 * (no size limit, never held in memory; sha256 computed on the way), then the format is detected
 * from the file's head so the UI can show "format chosen + why" before the import starts.
 */
async function post(request: Request) {
  const name = new URL(request.url).searchParams.get('name')?.trim();
  if (!name) return Response.json(errorBody('validation', 'name (the file name) is required'), { status: 400 });
  if (!request.body) return Response.json(errorBody('validation', 'the request has no body'), { status: 400 });
  void sweepUploads();
  let info;
  try {
    info = await saveUpload({ body: Readable.fromWeb(request.body as WebReadableStream<Uint8Array>), fileName: name });
  } catch (e) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return Response.json(errorBody('upload_failed', `upload failed: ${(e as Error).message}`), { status: 500 });
  }
  const d = await detectFile(uploadPath(info.uploadId), { fileName: info.fileName }).catch((e: Error) => ({
    ok: false as const,
    error: `could not read the file: ${e.message}`,
    candidates: [],
    format: null,
  }));
  const detection = d.ok
    ? { ok: true as const, format: d.format.id, reason: d.reason, candidates: d.candidates }
    : { ok: false as const, error: d.error, candidates: d.candidates };
  return Response.json({ ...info, detection });
}

export const POST = guardRoute('curator', post);
