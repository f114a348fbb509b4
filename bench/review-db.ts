/**
 * Team review on the server, against a real database of N rollouts (issue 14 targets at 1M):
 * - submit round trip: saveReview(submit) of a queue item, as submitReviewAction runs it (≤ 50 ms);
 *   also the lease of the next item (takeNextItem) and both together (what Enter does);
 * - a 10,000-item queue from a curate selection: createQueue from a recipe's SFT kept set, sampled
 *   to 10,000 (≤ 2 s), with the curation model warm (the curate page has it loaded) and cold;
 * - agreement over 10,000 items × 3 reviewers: getQueueStats, the database read plus
 *   computeQueueStats (≤ 200 ms for the statistics; bench/review.ts times the pure part alone).
 * Baselines in the same run: one empty write transaction through the same lock-polling helper (the
 * floor of any write), evaluateRecipe alone on the warm model, computeQueueStats alone on the
 * reviews already in memory.
 *
 *   SIFT_DB=bench/.data/browse-1m.db npm run bench -- review-db 1000000     # the timed run
 *   SIFT_DB=/tmp/review-20k.db node --import tsx bench/review-db.ts 20000   # small scale, appends nothing
 *
 * The dataset is bench/browse-data.ts's (the NeMo-Gym generator through the real import path), built
 * once per database file. Each run makes its own queues (named with the run's time) and leaves them.
 */
import path from 'node:path';
import { computeQueueStats, type ReviewInput, type RolloutVerdict } from '../lib/review';
import { hashSeedId, unitFloat } from '../lib/curation/hash';
import type { BenchResult } from './run';
import { ensureBenchDataset } from './browse-data';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
}

export async function run(args: string[]): Promise<BenchResult> {
  const n = Number(args[0] ?? 1_000_000);
  const submits = Number(args[1] ?? 200);
  process.env.SIFT_DB ??= path.join(import.meta.dirname, '.data', n === 1_000_000 ? 'browse-1m.db' : `review-${n}.db`);
  const { datasetId, builtSeconds } = await ensureBenchDataset(n);
  const { getDb } = await import('../lib/db/client');
  const { writeTransaction } = await import('../lib/db/review/write');
  const { createQueue, takeNextItem, saveReview, getQueueStats, loadQueueReviews, importReviews, listQueueItems } =
    await import('../lib/db/review');
  const { loadCurateModel } = await import('../lib/db/curation-tokens');
  const { evaluateRecipe } = await import('../lib/curation');
  const { addUser } = await import('../lib/auth/users');
  const { raw } = getDb();
  const stamp = new Date().toISOString();
  const owner = { id: null, role: 'admin' as const };

  // Floor: an empty write transaction through the same helper.
  raw.exec(`CREATE TABLE IF NOT EXISTS bench_floor (x INTEGER)`);
  const floor: number[] = [];
  for (let i = 0; i < submits; i++)
    floor.push(
      (await time(() => writeTransaction(raw, () => raw.prepare(`INSERT INTO bench_floor VALUES (1)`).run())))[0],
    );

  // 10,000-item queue from a curate selection (SFT kept set of a recipe keeping ~half, sampled to 10k).
  const recipe = { version: 1 as const, sft: { minReward: 0.5 } };
  loadCurateModel({ datasetId }).catch(() => undefined);
  const [coldMs, cold] = await time(() =>
    createQueue({
      datasetId,
      name: `bench cold ${stamp}`,
      kind: 'rollout',
      source: { kind: 'recipe', recipe, part: 'sft' },
      sample: { n: 10_000, seed: 1 },
      overlap: 1,
    }),
  );
  const { model } = await loadCurateModel({ datasetId });
  const [evalMs] = await time(() => evaluateRecipe(model, recipe));
  const [warmMs, warm] = await time(() =>
    createQueue({
      datasetId,
      name: `bench warm ${stamp}`,
      kind: 'rollout',
      source: { kind: 'recipe', recipe, part: 'sft' },
      sample: { n: 10_000, seed: 2 },
      overlap: 3,
    }),
  );

  // Submit round trips on the cold queue (k=1): lease, then submit.
  const lease: number[] = [];
  const submit: number[] = [];
  for (let i = 0; i < submits; i++) {
    const [leaseMs, item] = await time(() => takeNextItem({ queueId: cold.queue.id, actor: owner }));
    const input: ReviewInput = {
      itemId: String(item!.itemId),
      verdict: { kind: 'rollout', value: i % 3 ? 'accept' : 'reject' },
      note: 'bench',
      labels: i % 5 ? [] : ['wrong-tool'],
      annotations: [],
      durationMs: 5000,
    };
    const [submitMs] = await time(() => saveReview({ input, expectedVersion: 0, submit: true, actor: owner }));
    lease.push(leaseMs);
    submit.push(submitMs);
  }

  // 10,000 items × 3 reviewers on the warm queue, written by the import path, then the statistics.
  const names = ['bench-a', 'bench-b', 'bench-c'];
  const hasAdmin = raw.prepare(`SELECT 1 FROM "User" LIMIT 1`).get();
  if (!hasAdmin) await addUser({ username: 'bench-admin', password: 'a long bench password', role: 'admin' });
  for (const u of names)
    if (!raw.prepare(`SELECT 1 FROM "User" WHERE username = ?`).get(u))
      await addUser({ username: u, password: 'a long bench password', role: 'reviewer' });
  const items = listQueueItems({ queueId: warm.queue.id });
  const externals = new Map(
    (
      raw
        .prepare(
          `SELECT i.id, r.externalId FROM "ReviewItem" i JOIN "Rollout" r ON r.id = i.rolloutId WHERE i.queueId = ?`,
        )
        .all(warm.queue.id) as { id: number; externalId: string }[]
    ).map((r) => [r.id, r.externalId]),
  );
  const verdicts: RolloutVerdict[] = ['accept', 'reject', 'needs_fix'];
  const lines: string[] = [];
  for (const item of items)
    for (const [k, reviewer] of names.entries()) {
      const truth = Math.floor(unitFloat(hashSeedId(1, String(item.id))) * 3);
      const noisy = unitFloat(hashSeedId(2 + k, String(item.id))) < 0.2;
      lines.push(
        JSON.stringify({
          rollout: externals.get(item.id),
          reviewer,
          verdict: verdicts[noisy ? (truth + 1) % 3 : truth],
          durationMs: 4000 + k * 1000,
        }),
      );
    }
  const [importMs, imported] = await time(() =>
    importReviews({ queueId: warm.queue.id, text: lines.join('\n'), actorId: null }),
  );
  const statsRuns: number[] = [];
  for (let i = 0; i < 5; i++) statsRuns.push((await time(() => getQueueStats({ queueId: warm.queue.id })))[0]);
  const reviews = loadQueueReviews({ queueId: warm.queue.id });
  const pure: number[] = [];
  const reviewItems = items.map((i) => ({
    id: String(i.id),
    kind: 'rollout' as const,
    rolloutId: String(i.rolloutIds[0]),
  }));
  for (let i = 0; i < 5; i++)
    pure.push(
      (
        await time(() =>
          computeQueueStats({ items: reviewItems, reviews, consensus: { rule: 'majority', minReviews: 3 } }),
        )
      )[0],
    );

  const figures: Record<string, number | string> = {
    rollouts: n,
    'dataset built (s)': builtSeconds === null ? 'cached' : builtSeconds,
    'floor: empty write transaction, median ms': median(floor),
    'submit (saveReview) median ms': median(submit),
    'submit p95 ms': p95(submit),
    'lease next item (takeNextItem) median ms': median(lease),
    'Enter (submit + next) median ms': median(submit.map((s, i) => s + lease[i])),
    'queue 10,000 from curate selection, model cold (ms)': coldMs,
    'queue 10,000 from curate selection, model warm (ms)': warmMs,
    'baseline: evaluateRecipe alone, warm (ms)': evalMs,
    'import 30,000 reviews (ms)': importMs,
    'reviews imported': imported.imported,
    'queue stats 10,000 × 3 incl. DB read, median ms': median(statsRuns),
    'baseline: computeQueueStats alone, median ms': median(pure),
  };
  const notes = `Targets: submit ≤ 50 ms (median ${median(submit).toFixed(1)}), 10,000-item queue ≤ 2 s (warm ${(warmMs / 1000).toFixed(2)} s, cold ${(coldMs / 1000).toFixed(2)} s), stats ≤ 200 ms (${median(statsRuns).toFixed(0)} ms incl. reading 30,000 reviews; ${median(pure).toFixed(0)} ms pure).`;
  return { name: `review-db (${n.toLocaleString('en-US')} rollouts)`, figures, notes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const r = await run(process.argv.slice(2));
  console.log(JSON.stringify(r, null, 2));
}
