import { getDb } from './client';

export interface DatasetSummary {
  id: number;
  name: string;
  description: string;
  isSample: boolean;
  createdAt: Date;
  updatedAt: Date;
  rollouts: number;
  tasks: number;
  meanReward: number | null;
  imports: number;
}

/** Every dataset with its headline counts (one grouped query over the covering indexes). */
export async function listDatasets(): Promise<DatasetSummary[]> {
  const { prisma, raw } = getDb();
  const datasets = await prisma.dataset.findMany({
    orderBy: { createdAt: 'asc' },
    include: { _count: { select: { imports: true } } },
  });
  const stats = raw
    .prepare(
      `SELECT datasetId, count(*) AS n, count(DISTINCT taskId) AS tasks, avg(reward) AS mean FROM "Rollout" GROUP BY datasetId`,
    )
    .all() as { datasetId: number; n: number; tasks: number; mean: number | null }[];
  const byId = new Map(stats.map((s) => [s.datasetId, s]));
  return datasets.map((d) => {
    const s = byId.get(d.id);
    return {
      id: d.id,
      name: d.name,
      description: d.description,
      isSample: d.isSample,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      rollouts: s?.n ?? 0,
      tasks: s?.tasks ?? 0,
      meanReward: s?.mean ?? null,
      imports: d._count.imports,
    };
  });
}

export async function getDataset({ id }: { id: number }) {
  return getDb().prisma.dataset.findUnique({ where: { id } });
}

/** How many rollouts a dataset holds (an index count). */
export async function countRollouts({ datasetId }: { datasetId: number }): Promise<number> {
  return (
    getDb().raw.prepare(`SELECT count(*) AS n FROM "Rollout" WHERE datasetId = ?`).get(datasetId) as { n: number }
  ).n;
}

export async function getDatasetByName({ name }: { name: string }) {
  return getDb().prisma.dataset.findUnique({ where: { name } });
}

export async function renameDataset({ id, name }: { id: number; name: string }) {
  return getDb().prisma.dataset.update({ where: { id }, data: { name } });
}

export async function deleteDataset({ id }: { id: number }): Promise<void> {
  await getDb().prisma.dataset.delete({ where: { id } });
}

/** Whether any rollout of the dataset has a task id (the default split rule depends on it). */
export async function hasTaskIds({ datasetId }: { datasetId: number }): Promise<boolean> {
  return (
    getDb().raw.prepare(`SELECT 1 FROM "Rollout" WHERE datasetId = ? AND taskId IS NOT NULL LIMIT 1`).get(datasetId) !==
    undefined
  );
}
