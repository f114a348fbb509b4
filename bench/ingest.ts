/**
 * Ingest benchmark: `npm run bench -- ingest [100000|1000000]`.
 *
 * Input: N synthetic NeMo-Gym rollouts from ../shared/tools/gen-rollouts.py, generated on demand into
 * bench/.data/ (gitignored). Each measurement runs in its own child process on a fresh database, so
 * peak RSS is that of the import alone:
 * - end to end: `importFile` as `sift import` runs it (sha256 pass, detection, streaming parse,
 *   normalize, hash, insert, FTS, commit);
 * - raw limit: the same rollouts, flattened into rows beforehand (toRolloutRow, in chunks, untimed),
 *   written by lib/db's own writer (ingestInTransaction → bulk-insert.ts's prepared statements) in
 *   one transaction: only the inserts and the commit are timed. Measured with and without the search
 *   index, to show what it costs;
 * - Python: `load_s` of ../shared/baselines/seed_pipeline.py (json.loads per line) on the same file.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult } from './run';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.join(ROOT, 'bench/.data');
const SHARED = path.resolve(ROOT, '../shared');

interface E2eOut {
  seconds: number;
  /** user + system CPU seconds: comparable across runs on a loaded machine, unlike wall time */
  cpuSeconds: number;
  maxRssMB: number;
  read: number;
  imported: number;
  skipped: number;
}
interface RawOut {
  insertSeconds: number;
  insertCpuSeconds: number;
  rows: number;
  maxRssMB: number;
}

// ---------------------------------------------------------------------------------------------
// child side: `node --import tsx bench/ingest.ts --child e2e|raw ...`

async function childE2e(input: string, db: string): Promise<E2eOut> {
  const { setEnv } = await import('../lib/env');
  const { getDb, closeDb } = await import('../lib/db/client');
  const { importFile } = await import('../lib/jobs/import-file');
  setEnv({ SIFT_DB: db });
  getDb();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await importFile({ path: input, datasetName: 'bench', mode: 'skip-bad' });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  if (out.status !== 'imported') throw new Error(`unexpected ${out.status}`);
  await closeDb();
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    read: out.counts.read,
    imported: out.counts.imported,
    skipped: out.counts.skipped,
  };
}

async function childRaw(input: string, db: string, fts: boolean): Promise<RawOut> {
  const { setEnv } = await import('../lib/env');
  const { getDb, closeDb } = await import('../lib/db/client');
  const { ingestInTransaction } = await import('../lib/db/ingest');
  const { toRolloutRow } = await import('../lib/db/rollout-row');
  const { parseFile } = await import('../lib/formats/parse-file');
  setEnv({ SIFT_DB: db });
  getDb();
  let timed = 0;
  let cpuTimed = 0;
  let rows = 0;
  let t0 = 0;
  let c0 = process.cpuUsage();
  const start = () => {
    t0 = performance.now();
    c0 = process.cpuUsage();
  };
  const stop = () => {
    timed += performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuTimed += c.user + c.system;
  };
  await ingestInTransaction(
    {
      datasetName: 'raw',
      fileName: 'raw',
      size: 0,
      sha256: '',
      format: 'nemo-gym',
      formatReason: null,
      mode: 'skip-bad',
      index: fts,
    },
    async (_write, writeRows) => {
      let chunk: ReturnType<typeof toRolloutRow>[] = [];
      const flush = () => {
        start();
        rows += writeRows(chunk).inserted;
        stop();
        chunk = [];
      };
      for await (const batch of parseFile(input, { format: 'nemo-gym' })) {
        for (const r of batch.rollouts) chunk.push(toRolloutRow(r));
        if (chunk.length >= 20_000) flush();
      }
      flush();
      start(); // the rest of ingestInTransaction: the Import row's counts and the COMMIT
      return { read: rows, skipped: 0, issues: [], issueCount: 0, bytesRead: 0 };
    },
  );
  stop();
  await closeDb();
  return {
    insertSeconds: timed / 1000,
    insertCpuSeconds: cpuTimed / 1e6,
    rows,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

if (process.argv[2] === '--child') {
  const [, , , kind, input, db, fts] = process.argv;
  const out = kind === 'e2e' ? await childE2e(input, db) : await childRaw(input, db, fts === '1');
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// parent side

function runChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/ingest.ts'), '--child', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as T)
        : reject(new Error(`bench child ${args[0]} exited ${code}`)),
    );
  });
}

async function ensureInput(n: number): Promise<string> {
  fs.mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `nemo-gym-${n}.jsonl`);
  if (fs.existsSync(file)) return file;
  console.error(`bench: generating ${n} rollouts into ${file} …`);
  const tmp = `${file}.tmp`;
  await new Promise<void>((resolve, reject) => {
    const out = fs.openSync(tmp, 'w');
    const p = spawn('python3', [path.join(SHARED, 'tools/gen-rollouts.py'), String(n)], {
      stdio: ['ignore', out, 'inherit'],
    });
    p.on('exit', (code) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`gen-rollouts.py exited ${code}`));
    });
  });
  fs.renameSync(tmp, file);
  return file;
}

function freshDb(name: string): string {
  const db = path.join(DATA, `${name}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  return db;
}

function dropDb(db: string): void {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
}

function pythonLoad(input: string, n: number): { loadS: number | null; note?: string } {
  const availGB = os.freemem() / 2 ** 30;
  const needGB = (n * 12_000) / 2 ** 30; // ~12 KB of Python objects per rollout
  if (availGB < needGB * 1.5)
    return {
      loadS: null,
      note: `skipped the Python baseline: it holds every rollout in memory (~${needGB.toFixed(0)} GB), ${availGB.toFixed(0)} GB free`,
    };
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-bench-py-'));
  try {
    const stdout = execFileSync(
      'python3',
      [path.join(SHARED, 'baselines/seed_pipeline.py'), input, outDir, '--stratified-max', '0'],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      },
    );
    return { loadS: (JSON.parse(stdout.trim().split('\n').at(-1)!) as { load_s: number }).load_s };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<BenchResult> {
  // --e2e-only: only the end-to-end import (rate, peak RSS); the baselines take ~3x as long again
  const e2eOnly = args.includes('--e2e-only');
  const n = Number(args.find((a) => !a.startsWith('--')) ?? 100_000);
  if (!Number.isInteger(n) || n <= 0) throw new Error('usage: npm run bench -- ingest [N] [--e2e-only]');
  const input = await ensureInput(n);
  const mb = fs.statSync(input).size / 1e6;
  const free = fs.statfsSync(DATA);
  const freeGB = (free.bavail * free.bsize) / 1e9;
  if (freeGB < (mb / 1e3) * 4)
    console.error(`bench: only ${freeGB.toFixed(1)} GB free; the databases need ~${((mb / 1e3) * 3).toFixed(1)} GB`);

  console.error(`bench: end to end (${n} rollouts, ${mb.toFixed(0)} MB) …`);
  const dbE = freshDb('ingest-e2e');
  const e2e = await runChild<E2eOut>(['e2e', input, dbE]);
  const dbSize = fs.statSync(dbE).size / 1e6;
  dropDb(dbE);
  if (e2eOnly) {
    return {
      name: `ingest ${n} (end to end only)`,
      figures: {
        rollouts: n,
        'input MB': Math.round(mb),
        'end-to-end s': e2e.seconds,
        'end-to-end rollouts/s': Math.round(e2e.imported / e2e.seconds),
        'end-to-end MB/s': mb / e2e.seconds,
        'end-to-end CPU s': e2e.cpuSeconds,
        'end-to-end rollouts per CPU-s': Math.round(e2e.imported / e2e.cpuSeconds),
        'end-to-end peak RSS MB': Math.round(e2e.maxRssMB),
        'database MB': Math.round(dbSize),
      },
      notes: `Peak RSS ≤600 MB — ${e2e.maxRssMB <= 600 ? 'met' : 'MISSED'}. Baselines not run (--e2e-only). Load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores.`,
    };
  }

  console.error('bench: raw insert limit, with FTS …');
  const dbR = freshDb('ingest-raw');
  const rawFts = await runChild<RawOut>(['raw', input, dbR, '1']);
  dropDb(dbR);
  console.error('bench: raw insert limit, without FTS …');
  const rawNoFts = await runChild<RawOut>(['raw', input, dbR, '0']);
  dropDb(dbR);

  console.error('bench: Python baseline (seed_pipeline.py load_s) …');
  const py = pythonLoad(input, n);

  const rate = e2e.imported / e2e.seconds;
  const rawRate = rawFts.rows / rawFts.insertSeconds;
  const rawNoFtsRate = rawNoFts.rows / rawNoFts.insertSeconds;
  const pyRate = py.loadS ? n / py.loadS : null;
  const figures: BenchResult['figures'] = {
    rollouts: n,
    'input MB': Math.round(mb),
    'end-to-end s': e2e.seconds,
    'end-to-end rollouts/s': Math.round(rate),
    'end-to-end MB/s': mb / e2e.seconds,
    'end-to-end peak RSS MB': Math.round(e2e.maxRssMB),
    'database MB': Math.round(dbSize),
    'raw limit (bare insert loop, with FTS) rollouts/s': Math.round(rawRate),
    'raw limit without FTS rollouts/s': Math.round(rawNoFtsRate),
    'end-to-end / raw limit': rate / rawRate,
    'end-to-end CPU s': e2e.cpuSeconds,
    'end-to-end rollouts per CPU-s': Math.round(e2e.imported / e2e.cpuSeconds),
    'raw limit rollouts per CPU-s (with FTS)': Math.round(rawFts.rows / rawFts.insertCpuSeconds),
    'end-to-end / raw limit, by CPU time': e2e.imported / e2e.cpuSeconds / (rawFts.rows / rawFts.insertCpuSeconds),
    'Python load_s': py.loadS ?? 'skipped',
    'Python load rollouts/s': pyRate ? Math.round(pyRate) : 'skipped',
    'end-to-end / Python load': pyRate ? rate / pyRate : 'skipped',
  };
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const notes = [
    `Targets: ≥0.5× raw limit — ${verdict(rate / rawRate >= 0.5)} (${(rate / rawRate).toFixed(2)}×); ` +
      `≥2× Python load — ${pyRate ? `${verdict(rate / pyRate >= 2)} (${(rate / pyRate).toFixed(2)}×)` : 'not measured'}; ` +
      `peak RSS ≤600 MB — ${verdict(e2e.maxRssMB <= 600)} (${Math.round(e2e.maxRssMB)} MB).`,
    `The FTS insert costs ${(100 * (1 - rawRate / rawNoFtsRate)).toFixed(0)}% of the raw insert rate (${Math.round(rawNoFtsRate)} → ${Math.round(rawRate)} rollouts/s).`,
    'End to end includes the sha256 pass `sift import` makes to recognise a re-import (the app computes it during the upload instead).',
    `By CPU time (fairer on a shared, loaded machine): end to end ${(e2e.imported / e2e.cpuSeconds / (rawFts.rows / rawFts.insertCpuSeconds)).toFixed(2)}× the raw limit. Wall-clock ${e2e.seconds.toFixed(1)} s vs ${e2e.cpuSeconds.toFixed(1)} s of CPU.`,
    `Raw limit peak RSS ${Math.round(rawFts.maxRssMB)} MB (rows pre-normalized in memory, 20k at a time). Load average at start: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores.`,
    py.note ?? '',
  ]
    .filter(Boolean)
    .join('\n');
  return { name: `ingest ${n}`, figures, notes };
}
