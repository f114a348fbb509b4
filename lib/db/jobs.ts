import crypto from 'node:crypto';
import { getDb } from './client';

export type JobKind = 'import' | 'tokens' | 'export';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'canceled';

export interface JobRow {
  id: string;
  kind: JobKind;
  status: JobStatus;
  progress: number;
  message: string;
  payload: unknown;
  result: unknown;
  error: string | null;
  pid: number | null;
  cancelRequested: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Who started it (null: the local owner, or an account since removed). */
  createdById: string | null;
  /** Their user name, when known. */
  createdBy: string | null;
}

const include = { createdBy: { select: { username: true, name: true } } } as const;

type Raw = Awaited<ReturnType<ReturnType<typeof getDb>['prisma']['job']['findUnique']>> & {
  createdBy: { username: string | null; name: string } | null;
};

function toRow({ createdBy, ...j }: NonNullable<Raw>): JobRow {
  return {
    ...j,
    createdBy: createdBy ? (createdBy.username ?? createdBy.name) : null,
    kind: j.kind as JobKind,
    status: j.status as JobStatus,
    payload: JSON.parse(j.payload),
    result: j.result == null ? null : JSON.parse(j.result),
  };
}

export async function createJob({
  kind,
  payload,
  createdById = null,
}: {
  kind: JobKind;
  payload: unknown;
  createdById?: string | null;
}): Promise<JobRow> {
  const j = await getDb().prisma.job.create({
    data: { id: crypto.randomUUID(), kind, payload: JSON.stringify(payload), createdById },
    include,
  });
  return toRow(j);
}

export async function getJob({ id }: { id: string }): Promise<JobRow | null> {
  const j = await getDb().prisma.job.findUnique({ where: { id }, include });
  return j ? toRow(j) : null;
}

export async function listJobs({ kind, limit = 50 }: { kind?: JobKind; limit?: number }): Promise<JobRow[]> {
  const rows = await getDb().prisma.job.findMany({
    where: kind ? { kind } : {},
    orderBy: { createdAt: 'desc' },
    take: limit,
    include,
  });
  return rows.map(toRow);
}

export async function updateJob({
  id,
  ...data
}: {
  id: string;
  status?: JobStatus;
  progress?: number;
  message?: string;
  result?: unknown;
  error?: string | null;
  pid?: number | null;
  startedAt?: Date;
  finishedAt?: Date;
  cancelRequested?: boolean;
}): Promise<void> {
  await getDb().prisma.job.update({
    where: { id },
    data: {
      ...data,
      result: data.result === undefined ? undefined : JSON.stringify(data.result),
      heartbeatAt: new Date(),
    },
  });
}

/** Jobs queued or running, with the pid of their process (when it started). */
export async function listActiveJobs(): Promise<{ id: string; kind: JobKind; pid: number | null }[]> {
  const rows = await getDb().prisma.job.findMany({
    where: { status: { in: ['queued', 'running'] } },
    select: { id: true, kind: true, pid: true },
  });
  return rows.map((r) => ({ ...r, kind: r.kind as JobKind }));
}

/** Marks those of `ids` that are still queued or running as failed with `error` (their process is gone). */
export async function markJobsInterrupted({ ids, error }: { ids: string[]; error: string }): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await getDb().prisma.job.updateMany({
    where: { id: { in: ids }, status: { in: ['queued', 'running'] } },
    data: { status: 'failed', error, finishedAt: new Date() },
  });
  return r.count;
}
