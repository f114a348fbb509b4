import { guardRoute } from '@/lib/auth/session';
import { getJob } from '@/lib/db/jobs';
import { errorBody } from '@/lib/errors';
import { readTokenColumnsGzip } from '@/lib/jobs/token-columns';

/**
 * A finished token analysis' per-rollout counts and trained-span boundaries as gzipped wire JSON
 * (lib/token-report/wire.ts), fetched once by the analysis page, which recomputes every figure from
 * them in the browser (as the curate page does with its model, see bench/curate-browser.md for why
 * a route and not a prop). An analysis never changes, so the job id is the ETag.
 */
async function get(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  const job = /^[0-9a-f-]{36}$/.test(jobId) ? await getJob({ id: jobId }) : null;
  if (!job || job.kind !== 'tokens')
    return Response.json(errorBody('analysis_not_found', `No token analysis ${jobId}.`), { status: 404 });
  const etag = `"tk-${job.id}"`;
  const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const gz = await readTokenColumnsGzip(job.id);
  if (!gz)
    return Response.json(errorBody('no_token_columns', 'This analysis has no per-rollout columns (run it again).'), {
      status: 404,
    });
  // Sent as a gzip file: Next drops Content-Encoding from route handler responses.
  return new Response(new Uint8Array(gz), { headers: { ...headers, 'Content-Type': 'application/gzip' } });
}

export const GET = guardRoute('viewer', get);
