/**
 * `npm run test:fidelity`: every export format, loaded the way the Python tools people train with
 * load it (datasets, pyarrow, pandas, transformers chat templates, TRL). See scripts/fidelity/README.md.
 *
 *   node --import tsx scripts/fidelity/run.ts [--only SUBSTR] [--formats a,b] [--keep]
 *   node --import tsx scripts/fidelity/run.ts --break-writer [NAME...]   (see break-writer.ts)
 *
 * 1. venv.py builds (once) the pinned Python venv under .venv-fidelity/. Without python3 or a pip
 *    index this stops with one line: exit 0 locally, exit 1 when CI=true.
 * 2. Every fixture (test/fixtures/**, ../shared/fixtures/real/** when present, and a synthetic
 *    gen-rollouts.py dataset) is imported into a throwaway database and exported in every format.
 * 3. check.py checks each file as its consumer reads it, compares seed_pipeline.py's SFT file with
 *    Sift's openai-chat export of the same recipe, then runs its self-test on broken files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HERE = path.join(ROOT, 'scripts/fidelity');
const SHARED = path.resolve(ROOT, process.env.SIFT_SHARED ?? '../shared');
const REAL = path.join(SHARED, 'fixtures/real');
const VENV_CACHE = path.resolve(ROOT, process.env.SIFT_FIDELITY_VENV ?? '.venv-fidelity');
const CI = process.env.CI === 'true' || process.env.CI === '1';

interface Args {
  only: string | null;
  formats: string[] | null;
  keep: boolean;
  breaks: string[] | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: null, formats: null, keep: false, breaks: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep') args.keep = true;
    else if (a === '--break-writer') {
      args.breaks = argv.slice(i + 1);
      break;
    } else if (a === '--only') args.only = argv[++i];
    else if (a === '--formats') args.formats = argv[++i].split(',');
    else throw new Error(`unknown argument ${a} (see scripts/fidelity/README.md)`);
  }
  return args;
}

function unavailable(reason: string): never {
  if (CI) {
    console.error(`fidelity: FAILED: ${reason} (CI=true: the suite must run)`);
    process.exit(1);
  }
  console.log(`fidelity: skipped: ${reason} (with CI=true this fails)`);
  process.exit(0);
}

interface Venv {
  python: string;
  trl: boolean;
  trlReason: string | null;
  created: boolean;
  seconds?: number;
}

function ensureVenv(): Venv {
  const res = spawnSync('python3', [path.join(HERE, 'venv.py'), VENV_CACHE], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (res.error) unavailable(`python3 is not available (${(res.error as NodeJS.ErrnoException).code})`);
  if (res.status !== 0) {
    const last = res.stderr.trim().split('\n').at(-1) ?? `venv.py exited with ${res.status}`;
    if (res.status === 3) unavailable(last.replace(/^fidelity venv: /, ''));
    process.stderr.write(res.stderr);
    throw new Error(`venv.py failed (exit ${res.status})`);
  }
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!) as Venv;
}

function run(cmd: string, argv: string[], opts: { stdout?: string } = {}): void {
  const out = opts.stdout ? fs.openSync(opts.stdout, 'w') : 'inherit';
  const res = spawnSync(cmd, argv, { stdio: ['ignore', out, 'inherit'] });
  if (typeof out === 'number') fs.closeSync(out);
  if (res.status !== 0) throw new Error(`${path.basename(cmd)} ${argv.map((a) => path.basename(a)).join(' ')} failed`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.breaks) {
    ensureVenv();
    const { breakWriters } = await import('./break-writer');
    return breakWriters(ROOT, SHARED, args.breaks);
  }
  const t0 = performance.now();
  const venv = ensureVenv();
  const tVenv = performance.now();
  console.log(
    `fidelity: venv ${venv.created ? `created in ${venv.seconds} s` : 'cached'}` +
      (venv.trl ? ' (with TRL)' : ` (no TRL: ${venv.trlReason})`),
  );

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-fidelity-'));
  let failed = true;
  // Before any lib/ module reads the environment.
  process.env.SIFT_DB = path.join(work, 'sift.db');
  process.env.SIFT_ROOT = ROOT;
  const ex = await import('./exports');
  const { closeDb } = await import('../../lib/db/client');
  const { resolveTokenizerDir } = await import('../../lib/tokenize/registry');

  try {
    const sources = [
      ...ex.collectSources(path.join(ROOT, 'test/fixtures'), ROOT),
      ...ex.collectSources(REAL, SHARED).map((s) => ({ ...s, label: `../shared/${s.label}` })),
    ];
    const pipeline = path.join(SHARED, 'baselines/seed_pipeline.py');
    const gen = path.join(SHARED, 'tools/gen-rollouts.py');
    let seed: { rollouts: string; pipelineSft: string; siftSft: string | null } | null = null;
    if (fs.existsSync(pipeline) && fs.existsSync(gen)) {
      const dir = path.join(work, 'seed-pipeline');
      fs.mkdirSync(dir);
      const rollouts = path.join(dir, 'rollouts.jsonl');
      run(venv.python, [gen, '240', '--seed', '7', '--per-prompt', '8'], { stdout: rollouts });
      run(venv.python, [pipeline, rollouts, path.join(dir, 'out'), '--stratified-max', '0'], {
        stdout: path.join(dir, 'result.json'),
      });
      seed = { rollouts, pipelineSft: path.join(dir, 'out/sft.jsonl'), siftSft: null };
      sources.push({ label: 'synthetic: gen-rollouts.py 240 --seed 7', path: rollouts });
    } else {
      console.log(`fidelity: seed_pipeline comparison skipped: ${pipeline} or ${gen} is missing`);
    }
    if (!fs.existsSync(REAL)) console.log(`fidelity: ${REAL} is missing: only the repo's fixtures are checked`);

    const selected = args.only ? sources.filter((s) => s.label.includes(args.only!)) : sources;
    const plans: Awaited<ReturnType<typeof ex.exportDataset>> = [];
    const notImported: { source: string; reason: string }[] = [];
    for (const [i, src] of selected.entries()) {
      const imported = await ex.importSource(src, i);
      if (!imported.ok) {
        notImported.push({ source: src.label, reason: imported.reason });
        continue;
      }
      plans.push(...(await ex.exportDataset(src, imported.datasetId, path.join(work, 'exports'), args.formats)));
      if (seed && src.path === seed.rollouts) {
        // The recipe seed_pipeline applies (reward >= 0.95, its default), every row in one file.
        const { runExport } = await import('../../lib/jobs/export');
        const { exportRequestSchema } = await import('../../lib/export/request');
        const dir = path.join(work, 'seed-pipeline/sift');
        const request = exportRequestSchema.parse({
          datasetId: imported.datasetId,
          format: 'openai-chat',
          recipe: { sft: { minReward: 0.95 } },
          split: { by: 'keep' },
          name: 'seed-pipeline-sft',
        });
        await runExport({ request, dir });
        seed.siftSft = path.join(dir, 'train.jsonl');
      }
    }
    const tExport = performance.now();
    const tokens = await ex.addSiftTokenCounts(plans);
    const tTokens = performance.now();

    const plan = {
      root: ROOT,
      trl: venv.trl,
      trlReason: venv.trlReason,
      tokenizers: Object.fromEntries(ex.TOKENIZERS.map((t) => [t, resolveTokenizerDir(t)])),
      verlReference: fs.existsSync(path.join(REAL, 'verl-rl')) ? path.join(REAL, 'verl-rl') : null,
      notImported,
      exports: plans,
      seedPipeline: seed,
    };
    const planFile = path.join(work, 'plan.json');
    fs.writeFileSync(planFile, JSON.stringify(plan, null, 1));
    console.log(
      `fidelity: ${selected.length} sources → ${plans.reduce((n, p) => n + p.files.length, 0)} files ` +
        `(venv ${s(tVenv - t0)}, import+export ${s(tExport - tVenv)}, ` +
        `sift tokens ${s(tTokens - tExport)} for ${tokens.analysed} rollouts)`,
    );
    // -B: no __pycache__ beside the checker's modules.
    const check = spawnSync(venv.python, ['-B', path.join(HERE, 'check.py'), planFile], { stdio: 'inherit' });
    console.log(`fidelity: total ${s(performance.now() - t0)}`);
    failed = check.status !== 0;
    return check.status ?? 1;
  } finally {
    await closeDb();
    // A failure names files in the work folder: keep it to look at them.
    if (args.keep || failed) console.log(`fidelity: kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`fidelity: FAILED: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
