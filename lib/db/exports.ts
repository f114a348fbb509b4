/**
 * The Export aggregate: one row per export. `request` is the re-run input (lib/export/request.ts),
 * `manifest` the manifest.json that was written; a row is 'done' only once its manifest exists,
 * so a row never lists files that are not complete on disk.
 */
import { getDb } from './client';

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed' | 'canceled';

export interface ExportRow {
  id: number;
  datasetId: number | null;
  datasetName: string | null;
  jobId: string | null;
  name: string;
  format: string;
  status: ExportStatus;
  dir: string;
  request: unknown;
  /** Parsed manifest.json (validate with lib/export parseManifest before trusting it). */
  manifest: unknown;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** Who started it: a user name, or null for the local owner (or an account since removed). */
  createdBy: string | null;
}

type Raw = {
  id: number;
  datasetId: number | null;
  jobId: string | null;
  name: string;
  format: string;
  status: string;
  dir: string;
  request: string;
  manifest: string | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  dataset: { name: string } | null;
  createdBy: { username: string | null; name: string } | null;
};

function parse(text: string | null): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function toRow({ dataset, createdBy, ...r }: Raw): ExportRow {
  return {
    ...r,
    createdBy: createdBy ? (createdBy.username ?? createdBy.name) : null,
    status: r.status as ExportStatus,
    datasetName: dataset?.name ?? null,
    request: parse(r.request),
    manifest: parse(r.manifest),
  };
}

const include = {
  dataset: { select: { name: true } },
  createdBy: { select: { username: true, name: true } },
} as const;

export async function listExports({ limit = 200 }: { limit?: number } = {}): Promise<ExportRow[]> {
  const rows = await getDb().prisma.export.findMany({
    include,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  return rows.map(toRow);
}

export async function getExport({ id }: { id: number }): Promise<ExportRow | null> {
  const r = await getDb().prisma.export.findUnique({ where: { id }, include });
  return r ? toRow(r) : null;
}

export async function isExportNameTaken({ name }: { name: string }): Promise<boolean> {
  return (await getDb().prisma.export.count({ where: { name } })) > 0;
}

export const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' &&
  e !== null &&
  ((e as { code?: string }).code === 'P2002' || /unique constraint/i.test(String((e as Error).message)));

/** Inserts a queued export. Throws a unique violation (isUniqueViolation) when the name is taken. */
export async function createExport(data: {
  name: string;
  datasetId: number;
  format: string;
  dir: string;
  request: unknown;
  createdById?: string | null;
}): Promise<ExportRow> {
  const r = await getDb().prisma.export.create({
    data: {
      name: data.name,
      datasetId: data.datasetId,
      format: data.format,
      dir: data.dir,
      request: JSON.stringify(data.request),
      status: 'queued',
      createdById: data.createdById ?? null,
    },
    include,
  });
  return toRow(r);
}

export async function updateExport({
  id,
  manifest,
  ...data
}: {
  id: number;
  status?: ExportStatus;
  jobId?: string;
  manifest?: unknown;
  error?: string | null;
  finishedAt?: Date | null;
}): Promise<void> {
  await getDb().prisma.export.update({
    where: { id },
    data: {
      ...data,
      ...(manifest === undefined ? {} : { manifest: manifest === null ? null : JSON.stringify(manifest) }),
    },
  });
}

export async function deleteExport({ id }: { id: number }): Promise<void> {
  await getDb().prisma.export.deleteMany({ where: { id } });
}
