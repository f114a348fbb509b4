import { errorBody } from '@/lib/errors';
import { getJobJson } from '@/lib/jobs/job-views';

/** A job with its live progress; polled ~2×/s by the import UI. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const job = await getJobJson(id);
  if (!job) return Response.json(errorBody('job_not_found', `no job ${id}`), { status: 404 });
  return Response.json(job, { headers: { 'Cache-Control': 'no-store' } });
}
