/**
 * Token analysis end to end (`sift tokens`: render the export's conversations, find trained spans,
 * encode, store the counts) against the Python loop it replaces (Hugging Face transformers'
 * apply_chat_template(messages, tools=tools, tokenize=True) per conversation, tau2's
 * truncation_optimization.py), on the same conversations in the same run, with per-conversation
 * token counts checked identical.
 *
 * Data:
 * - real: the 37 rows of the tau2 SFT file copied `--copies` times (default 20: 740 conversations),
 *   a marker appended to each copy's first user message so none is a duplicate (issue 16's set);
 * - synthetic: `--n` (default 100,000) tool-calling rollouts from /work/shared/tools/gen-rollouts.py;
 * - sample: the 300-rollout sample dataset, analysed on a pool started with the analysis (what the
 *   web server does the first time) and on a warm pool (every later time).
 *
 * Python reads the openai-chat lines Sift's export encoder writes for those rollouts (what a trainer
 * reads), so counts must match rollout for rollout; for the real set it also reads the input file.
 * The bench makes its own venv (bench/.data/venv, `pip install transformers jinja2` from the
 * machine's configured index; no torch) and skips the baseline with the reason when it cannot.
 *
 * Run: npm run bench -- tokens [--n 100000] [--copies 20] [--turns 8] [--skip-python]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult } from './run';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.join(ROOT, 'bench/.data/tokens');
const VENV = path.join(ROOT, 'bench/.data/venv');
const SFT = '/work/shared/fixtures/real/openai-chat-ft/tau2_sft-v1-small_train.jsonl';
const GEN = '/work/shared/tools/gen-rollouts.py';

interface Args {
  n: number;
  copies: number;
  turns: number;
  skipPython: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { n: 100_000, copies: 20, turns: 8, skipPython: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === '--n') a.n = Number(v);
    else if (argv[i] === '--copies') a.copies = Number(v);
    else if (argv[i] === '--turns') a.turns = Number(v);
    else if (argv[i] === '--skip-python') a.skipPython = true;
  }
  return a;
}

const mb = (kb: number) => Math.round(kb / 1024);

/** Runs `sift ARGS` under /usr/bin/time: wall seconds, peak RSS (KB) and stdout. */
function sift(
  db: string,
  args: string[],
  env: Record<string, string> = {},
): { seconds: number; rssKb: number; stdout: string } {
  const argv = [path.join(ROOT, 'bin/sift.mjs'), '--db', db, ...args];
  const haveTime = fs.existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = haveTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...argv], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        env: { ...process.env, ...env },
      })
    : spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`sift ${args.join(' ')} failed: ${r.stderr}`);
  const rssKb = haveTime ? Number(r.stderr.trim().split('\n').at(-1)) : NaN;
  return { seconds, rssKb, stdout: r.stdout };
}

/** The venv with transformers, or the reason there is none. */
function pythonBaseline(skip: boolean): { python: string } | { reason: string } {
  if (skip) return { reason: '--skip-python' };
  const python = path.join(VENV, 'bin/python');
  const ok = () =>
    spawnSync(python, ['-c', 'import transformers, jinja2'], { encoding: 'utf8', env: { ...process.env } }).status ===
    0;
  if (fs.existsSync(python) && ok()) return { python };
  try {
    if (!fs.existsSync(python)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'pipe' });
    // --retries 0: an index the machine cannot reach (pypi.org here) fails at once instead of after
    // five retries per package; the configured local index answers.
    execFileSync(path.join(VENV, 'bin/pip'), ['install', '--quiet', '--retries', '0', 'transformers', 'jinja2'], {
      stdio: 'pipe',
      timeout: 15 * 60_000,
    });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return {
      reason: `could not install transformers + jinja2 into ${VENV}: ${(err.stderr?.toString() || err.message).trim().split('\n').at(-1)}`,
    };
  }
  return ok() ? { python } : { reason: `transformers does not import in ${VENV}` };
}

interface PythonRun {
  counts: number[];
  loop_s: number;
  process_s: number;
  wall_s: number;
  transformers: string;
}

function runPython(python: string, tokenizerDir: string, file: string): PythonRun {
  const t0 = performance.now();
  const out = execFileSync(python, [path.join(ROOT, 'bench/tokens_python.py'), tokenizerDir, file], {
    maxBuffer: 1 << 28,
    env: { ...process.env, TRANSFORMERS_VERBOSITY: 'error', TOKENIZERS_PARALLELISM: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return {
    ...(JSON.parse(out.toString('utf8')) as Omit<PythonRun, 'wall_s'>),
    wall_s: (performance.now() - t0) / 1000,
  };
}

function buildRealSet(copies: number, file: string): void {
  const rows = fs.readFileSync(SFT, 'utf8').split('\n').filter(Boolean);
  const out: string[] = [];
  for (let k = 0; k < copies; k++) {
    for (const line of rows) {
      const r = JSON.parse(line) as { messages: { role: string; content?: string }[] };
      const first = r.messages.find((m) => m.role === 'user');
      if (first && typeof first.content === 'string') first.content += ` [copy ${k}]`;
      out.push(JSON.stringify(r));
    }
  }
  fs.writeFileSync(file, out.join('\n') + '\n');
}

export async function run(argv: string[] = []): Promise<BenchResult> {
  const args = parseArgs(argv);
  fs.mkdirSync(DATA, { recursive: true });
  const db = path.join(DATA, 'bench.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  process.env.SIFT_DB = db;
  const load = os.loadavg()[0];

  // Lazy imports: SIFT_DB must be set before lib/db reads the environment.
  const { getDb, closeDb } = await import('../lib/db/client');
  const { getDatasetByName } = await import('../lib/db/datasets');
  const { listRolloutKeys } = await import('../lib/db/token-analyses');
  const { cacheScope, getTokenTotals } = await import('../lib/db/token-cache');
  const { normalizeShape, shapeKey } = await import('../lib/token-report/shape');
  const { ANALYSIS_VERSION, tokenizerKey } = await import('../lib/token-stats/cache-key');
  const { loadRolloutsById } = await import('../lib/db/rollout-stream');
  const { seedSampleOnFirstRun, SAMPLE_DATASET_NAME } = await import('../lib/db/sample');
  const { openAiChatLine } = await import('../lib/export/openai-chat');
  const { runTokenAnalysis } = await import('../lib/jobs/tokens');
  const { tokensPayloadSchema } = await import('../lib/jobs/tokens-payload');
  const { TokenizerPool } = await import('../lib/tokenize/pool');
  const { describeTokenizer, resolveTokenizerDir } = await import('../lib/tokenize/registry');

  getDb();
  await seedSampleOnFirstRun();
  const clearCache = () => getDb().raw.prepare('DELETE FROM "TokenCount"').run();

  const realFile = path.join(DATA, `real-${args.copies}.jsonl`);
  buildRealSet(args.copies, realFile);
  const gymFile = path.join(DATA, `synthetic-${args.n}-${args.turns}.jsonl`);
  if (!fs.existsSync(gymFile)) {
    const fd = fs.openSync(`${gymFile}.tmp`, 'w');
    execFileSync('python3', [GEN, String(args.n), '--turns', String(args.turns), '--seed', '7'], {
      stdio: ['ignore', fd, 'inherit'],
    });
    fs.closeSync(fd);
    fs.renameSync(`${gymFile}.tmp`, gymFile);
  }
  sift(db, ['import', realFile, '--dataset', 'real']);
  sift(db, ['import', gymFile, '--dataset', 'synthetic', '--format', 'nemo-gym']);

  const py = pythonBaseline(args.skipPython);
  const tokenizerDir = resolveTokenizerDir('qwen3');
  const figures: Record<string, number | string> = {};
  const notes: string[] = [];

  for (const [name, label, input] of [
    ['real', `real tau2 SFT ×${args.copies}`, realFile],
    ['synthetic', `synthetic ${args.n.toLocaleString('en-US')}`, null],
  ] as const) {
    clearCache();
    const cold = sift(db, ['tokens', '--dataset', name, '--tokenizer', 'qwen3', '--json']);
    const j = JSON.parse(cold.stdout) as { rollouts: number; totalTokens: number };
    const warm = sift(db, ['tokens', '--dataset', name, '--tokenizer', 'qwen3', '--json']);
    clearCache();
    const oneWorker = sift(db, ['tokens', '--dataset', name, '--tokenizer', 'qwen3', '--json'], {
      SIFT_TOKEN_WORKERS: '1',
    });

    // Per-rollout counts from the cache the run filled, in rollout id order.
    const dataset = (await getDatasetByName({ name }))!;
    const d = await describeTokenizer('qwen3');
    const scope = cacheScope({
      tokenizerKey: tokenizerKey(d),
      templateHash: d.templateHash,
      shapeKey: shapeKey(normalizeShape({ format: 'openai-chat' })),
      version: ANALYSIS_VERSION,
    });
    const totals = getTokenTotals({ datasetId: dataset.id, scope });
    const ids = listRolloutKeys({ datasetId: dataset.id }).map((r) => r.id);

    // What a trainer reads: the openai-chat export lines of the same rollouts.
    const exportFile = path.join(DATA, `${name}.openai-chat.jsonl`);
    const out = fs.createWriteStream(exportFile);
    const exported: number[] = [];
    for (let i = 0; i < ids.length; i += 2000) {
      const byId = loadRolloutsById({ ids: ids.slice(i, i + 2000) });
      for (const id of ids.slice(i, i + 2000)) {
        const line = openAiChatLine(byId.get(id)!);
        if (!line) continue;
        exported.push(id);
        out.write(JSON.stringify(line) + '\n');
      }
    }
    await new Promise<void>((resolve) => out.end(resolve));
    const siftCounts = exported.map((id) => totals.get(id) ?? -1);

    figures[`${label}: rollouts / tokens`] = `${j.rollouts} / ${j.totalTokens.toLocaleString('en-US')}`;
    figures[`${label}: Sift \`sift tokens\`, cold cache, wall s (incl. process + worker start)`] = Number(
      cold.seconds.toFixed(2),
    );
    figures[`${label}: Sift tok/s (wall)`] = Math.round(j.totalTokens / cold.seconds);
    figures[`${label}: Sift peak RSS MB`] = mb(cold.rssKb);
    figures[`${label}: Sift with 1 worker thread, cold cache, wall s / peak RSS MB`] =
      `${oneWorker.seconds.toFixed(2)} / ${mb(oneWorker.rssKb)}`;
    figures[`${label}: Sift re-run, all cached, wall s`] = Number(warm.seconds.toFixed(2));
    if ('python' in py) {
      const p = runPython(py.python, tokenizerDir, exportFile);
      const diffs = p.counts.filter((c, k) => c !== siftCounts[k]).length;
      figures[`${label}: Python loop s (transformers ${p.transformers}; process ${p.wall_s.toFixed(1)} s)`] = Number(
        p.loop_s.toFixed(2),
      );
      figures[`${label}: Sift speed-up vs the Python loop (target ≥ 2×)`] = `${(p.loop_s / cold.seconds).toFixed(2)}×`;
      figures[`${label}: counts vs Python on the exported lines`] =
        diffs === 0 ? `identical (${p.counts.length} conversations)` : `${diffs} of ${p.counts.length} DIFFER`;
      if (input) {
        const q = runPython(py.python, tokenizerDir, input);
        const d = q.counts.filter((c, k) => c !== siftCounts[k]).length;
        figures[`${label}: counts vs Python on the input file`] =
          d === 0
            ? `identical (${q.counts.length})`
            : `${d} of ${q.counts.length} differ (the export writes other bytes)`;
      }
    }
  }
  if (!('python' in py)) notes.push(`Python baseline skipped: ${py.reason}.`);

  // The 300-rollout sample, as the web server runs it: worker start-up included, then warm.
  const sample = (await getDatasetByName({ name: SAMPLE_DATASET_NAME }))!;
  const payload = tokensPayloadSchema.parse({ datasetId: sample.id, tokenizer: 'qwen3', numSamples: 300 });
  clearCache();
  let t0 = performance.now();
  const pool = TokenizerPool.start({ tokenizer: 'qwen3' });
  await runTokenAnalysis(payload, { pool });
  figures['sample 300: analysis on a pool started with it, s (target ≤ 2)'] = Number(
    ((performance.now() - t0) / 1000).toFixed(2),
  );
  clearCache();
  t0 = performance.now();
  await runTokenAnalysis(payload, { pool });
  figures['sample 300: analysis on the warm pool, s'] = Number(((performance.now() - t0) / 1000).toFixed(2));
  await pool.close();
  await closeDb();

  notes.push(
    `Load average at start: ${load.toFixed(1)} on ${os.cpus().length} cores; the machine is shared, so compare ratios from one run.`,
    'Sift wall times are whole `sift tokens --json` processes (start, tokenizer load on 2 worker threads, DB reads, render, ' +
      'spans, encode, storing counts); Python loop times exclude its imports and tokenizer load (process time in brackets).',
  );
  return { name: 'tokens', figures, notes: notes.join(' ') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run(process.argv.slice(2));
  console.table(r.figures);
  console.log(r.notes);
}
