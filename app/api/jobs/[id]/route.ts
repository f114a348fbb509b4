import { errorBody } from '@/lib/errors';
import { getJobJson } from '@/lib/jobs/job-views';
import { guardRoute } from '@/lib/auth/session';

/** A job with its live progress; polled ~2×/s by the import UI. */
async function get(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const job = await getJobJson(id);
  if (!job) return Response.json(errorBody('job_not_found', `no job ${id}`), { status: 404 });
  return Response.json(job, { headers: { 'Cache-Control': 'no-store' } });
}

export const GET = guardRoute('viewer', get);
