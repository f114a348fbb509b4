/**
 * Review agreement benchmark: `computeQueueStats` (lib/review) over ITEMS rollout items × REVIEWERS
 * reviews each (issue 14 target: 10,000 × 3 ≤ 200 ms), with two baselines measured in the same run:
 * - iterate: one pass that only reads every review's verdict, labels and marks (the floor);
 * - naive: the textbook computations (lib/review/agreement-reference.ts: maps, explicit coder
 *   pairs) for the verdict and every label, next to the same questions asked through lib/review's
 *   unit-major layout ("agreement only"). computeQueueStats does more than either (consensus,
 *   per-reviewer figures, first bad step, reviewers vs reward).
 *
 *   npm run bench -- review [ITEMS=10000] [REVIEWERS=3]
 *   node --import tsx bench/review.ts 1000 3       # a quick run; prints JSON, appends nothing
 *
 * Data is synthetic and seeded (lib/curation hash), so every run reviews the same thing: a pool of
 * 8 reviewers, REVIEWERS distinct ones per item, verdicts that follow a per-item truth with 20%
 * noise, the six default labels, a first bad step on a third of the reviews, rewards 0/1.
 * Times are medians of 7 runs after one warm-up, in ms, wall and CPU.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { hashSeedId, unitFloat } from '../lib/curation/hash';
import { measureAgreement } from '../lib/review/agreement';
import { referenceAlpha, referencePercentAgreement } from '../lib/review/agreement-reference';
import { DEFAULT_LABELS } from '../lib/review/labels';
import { computeQueueStats } from '../lib/review/queue-stats';
import { layOutRatings, rateLayout, rateLayoutCodes, type Rating } from '../lib/review/ratings';
import type { Review, ReviewItem, RolloutVerdict } from '../lib/review/types';
import type { BenchResult } from './run';

const RUNS = 7;
const POOL = 8;
const VERDICTS: RolloutVerdict[] = ['accept', 'reject', 'needs_fix'];

const rand = (seed: number, key: string): number => unitFloat(hashSeedId(seed, key));

function makeData(nItems: number, perItem: number): { items: ReviewItem[]; reviews: Review[]; rewards: Float64Array } {
  const items: ReviewItem[] = [];
  const reviews: Review[] = [];
  const rewards = new Float64Array(nItems);
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < nItems; i++) {
    const id = `i${i}`;
    items.push({ id, kind: 'rollout', rolloutId: `r${i}` });
    const truth = Math.floor(rand(1, id) * 3);
    rewards[i] = rand(2, id) < 0.6 ? 1 : 0;
    for (let k = 0; k < perItem; k++) {
      const reviewer = `user${(i + k * 3) % POOL}`;
      const key = `${id}/${reviewer}`;
      const noisy = rand(3, key) < 0.2;
      const labels = DEFAULT_LABELS.filter((l, j) => rand(10 + j, key) < 0.1 + 0.05 * truth).map((l) => l.id);
      const marked = rand(4, key) < 0.33;
      reviews.push({
        itemId: id,
        queueId: 'q1',
        reviewer,
        verdict: { kind: 'rollout', value: VERDICTS[noisy ? Math.floor(rand(5, key) * 3) : truth] },
        note: '',
        labels,
        annotations: marked
          ? [
              {
                rolloutId: `r${i}`,
                firstBadStep: { messageIndex: 3 + Math.floor(rand(6, key) * 6), reasonLabel: null },
                ratings: [],
                corrections: [],
              },
            ]
          : [],
        submittedAt: new Date(t0 + i * 60_000 + k * 1000).toISOString(),
        durationMs: 5000 + Math.floor(rand(7, key) * 60_000),
      });
    }
  }
  return { items, reviews, rewards };
}

async function time(fn: () => unknown): Promise<{ wall: number; cpu: number }> {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c0);
    cpu.push((d.user + d.system) / 1000);
  }
  const mid = (xs: number[]) => Number(xs.sort((a, b) => a - b)[xs.length >> 1].toFixed(2));
  return { wall: mid(wall), cpu: mid(cpu) };
}

export async function run(args: string[]): Promise<BenchResult> {
  const nItems = Number(args[0] ?? 10_000);
  const perItem = Number(args[1] ?? 3);
  const { items, reviews, rewards } = makeData(nItems, perItem);
  const rewardOf = (rolloutId: string) => rewards[Number(rolloutId.slice(1))];
  const input = {
    items,
    reviews,
    consensus: { rule: 'majority' as const, minReviews: perItem },
    labels: DEFAULT_LABELS.map((l) => l.id),
    turnOf: (_r: string, m: number) => m >> 1,
    rewardOf,
  };
  const figures: BenchResult['figures'] = { items: nItems, 'reviews per item': perItem, reviews: reviews.length };

  const stats = await time(() => computeQueueStats(input));
  figures['computeQueueStats ms'] = stats.wall;
  figures['computeQueueStats cpu ms'] = stats.cpu;

  let sink = 0;
  const iterate = await time(() => {
    for (const r of reviews) {
      sink += r.verdict?.kind === 'rollout' ? r.verdict.value.length : 0;
      sink += r.labels.length + (r.annotations[0]?.firstBadStep?.messageIndex ?? 0) + (r.durationMs ?? 0);
    }
  });
  figures['baseline: iterate the reviews ms'] = iterate.wall;

  const verdictRecords: Rating[] = reviews.map((r) => ({
    unit: r.itemId,
    coder: r.reviewer,
    value: r.verdict?.kind === 'rollout' ? r.verdict.value : null,
  }));
  const naive = await time(() => {
    sink += referenceAlpha(verdictRecords) ?? 0;
    sink += referencePercentAgreement(verdictRecords) ?? 0;
    for (const l of DEFAULT_LABELS) {
      const recs = reviews.map((r) => ({
        unit: r.itemId,
        coder: r.reviewer,
        value: r.labels.includes(l.id) ? '1' : '0',
      }));
      sink += referenceAlpha(recs) ?? 0;
      sink += referencePercentAgreement(recs) ?? 0;
    }
  });
  figures['baseline: naive alpha + percent (verdict and 6 labels) ms'] = naive.wall;

  // The same questions as the naive baseline, through lib/review's unit-major layout: like for like.
  const agreementOnly = await time(() => {
    const layout = layOutRatings(
      reviews,
      (r) => r.itemId,
      (r) => r.reviewer,
    );
    sink += measureAgreement(rateLayout(layout, (i) => verdictRecords[i].value)).krippendorffAlpha ?? 0;
    for (const l of DEFAULT_LABELS) {
      const codes = Int32Array.from(reviews, (r) => (r.labels.includes(l.id) ? 1 : 0));
      sink += measureAgreement(rateLayoutCodes(layout, codes, ['0', '1'])).krippendorffAlpha ?? 0;
    }
  });
  figures['agreement only (same questions as naive) ms'] = agreementOnly.wall;
  figures['agreement only / naive'] = Number((agreementOnly.wall / naive.wall).toFixed(3));

  const result = computeQueueStats(input);
  const alphaNaive = referenceAlpha(verdictRecords);
  figures['verdict alpha (fast = naive)'] =
    `${result.verdict.krippendorffAlpha?.toFixed(6)} = ${alphaNaive?.toFixed(6)}`;
  figures['load average (1 min) at end'] = Number(os.loadavg()[0].toFixed(1));
  const target = nItems === 10_000 && perItem === 3 ? (stats.wall <= 200 ? 'met' : 'MISSED') : 'n/a (not 10,000 × 3)';
  return {
    name: 'review',
    figures,
    notes: `Target (issue 14): agreement stats over 10,000 items × 3 reviewers ≤ 200 ms — ${target}. (sink ${sink > 0})`,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
