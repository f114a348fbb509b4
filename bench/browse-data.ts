/**
 * The browse benchmark's database: 1M synthetic rollouts from ../shared/tools/gen-rollouts.py
 * (NeMo-Gym shape), parsed by lib/formats (parseFile) and landed by the real bulk-insert path
 * (lib/db/ingest.ts), so the bench reads exactly what an import writes. Cached in bench/.data/
 * (gitignored): the JSONL (~2.7 GB) and the database are built once.
 *
 * The generator writes no split or success flag; to give those filters something to select, the
 * bench database gets split = 'test' for every 10th rollout ('train' otherwise) and success =
 * (reward >= 1) after ingest. Those two UPDATEs are the only rows not written by the import path.
 *
 * Run standalone to build: `SIFT_DB=bench/.data/browse-1m.db node --import tsx bench/browse-data.ts`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const DATA_DIR = path.join(import.meta.dirname, '.data');
export const DATASET_NAME = 'bench-browse-1m';

/** The JSONL for n rollouts, generating it when missing (shared with the ingest bench when present). */
export function ensureJsonl(n: number): string {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const shared = path.join(DATA_DIR, n === 1_000_000 ? 'rollouts-1m-s1.jsonl' : `rollouts-${n}-s1.jsonl`);
  if (fs.existsSync(shared)) return shared;
  const tmp = `${shared}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    execFileSync('python3', [path.join(import.meta.dirname, '../../shared/tools/gen-rollouts.py'), String(n)], {
      stdio: ['ignore', fd, 'inherit'],
    });
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, shared);
  return shared;
}

/** Builds (once) the dataset in the database named by SIFT_DB; returns its id and build seconds. */
export async function ensureBenchDataset(n: number): Promise<{ datasetId: number; builtSeconds: number | null }> {
  const { getDb } = await import('../lib/db/client');
  const { raw } = getDb();
  const existing = raw.prepare(`SELECT id FROM "Dataset" WHERE name = ?`).get(DATASET_NAME) as
    { id: number } | undefined;
  if (existing) return { datasetId: existing.id, builtSeconds: null };
  const file = ensureJsonl(n);
  const { parseFile } = await import('../lib/formats/parse-file');
  const { ingestInTransaction } = await import('../lib/db/ingest');
  const t0 = performance.now();
  const size = fs.statSync(file).size;
  const res = await ingestInTransaction(
    {
      datasetName: DATASET_NAME,
      fileName: path.basename(file),
      size,
      sha256: `bench-${size}`,
      format: 'nemo-gym',
      formatReason: 'bench',
      mode: 'skip-bad',
    },
    async (write) => {
      let last = { read: 0, skipped: 0, issues: 0 };
      let bytes = 0;
      for await (const batch of parseFile(file, { format: 'nemo-gym', onProgress: (b) => (bytes = b) })) {
        write(batch.rollouts);
        last = batch.summary;
        if (batch.summary.read % 100_000 < 1000)
          process.stderr.write(`\r  ingest ${batch.summary.read.toLocaleString()} rollouts`);
      }
      process.stderr.write('\n');
      return { read: last.read, skipped: last.skipped, issues: [], issueCount: last.issues, bytesRead: bytes };
    },
  );
  raw
    .prepare(
      `UPDATE "Rollout" SET split = CASE WHEN id % 10 = 0 THEN 'test' ELSE 'train' END, success = (reward >= 1) WHERE datasetId = ?`,
    )
    .run(res.datasetId);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  return { datasetId: res.datasetId, builtSeconds: (performance.now() - t0) / 1000 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const r = await ensureBenchDataset(Number(process.argv[2] ?? 1_000_000));
  console.log(r);
}
