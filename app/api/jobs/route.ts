import { z } from 'zod';
import { errorBody } from '@/lib/errors';
import { listJobJson } from '@/lib/jobs/job-views';
import { guardRoute } from '@/lib/auth/session';

const query = z.object({
  kind: z.enum(['import', 'tokens', 'export']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

/** Recent jobs, newest first (the datasets page's "Imports" list). */
async function get(request: Request) {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    return Response.json(errorBody('validation', parsed.error.issues[0]?.message ?? 'invalid query'), { status: 400 });
  const jobs = await listJobJson(parsed.data);
  return Response.json({ jobs }, { headers: { 'Cache-Control': 'no-store' } });
}

export const GET = guardRoute('viewer', get);
