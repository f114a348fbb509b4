/**
 * Near-duplicate benchmark: `npm run bench -- near-dup [100000]`.
 *
 * N synthetic texts of ~2 KB (340 pseudo-words) in groups of ten: an original, an exact copy, a 1%
 * word edit (Jaccard ≈ 0.9), a 5% edit (≈ 0.6) and six unrelated texts; so at 0.8 there are N/10
 * clusters of three. Texts are generated per chunk on the main thread while two worker threads sign
 * the previous chunks (lib/jobs/near-dup-signatures.ts). Baseline, in the same run: signTexts on one
 * thread over the first 20,000 texts, and the generation of those texts alone.
 * Targets (issue 18, at 1M rollouts on 2 cores): signatures ≤ 60 s, re-cluster at a new threshold ≤ 5 s.
 */
import type { BenchResult } from './run';

type Gen = (s: number, w: number) => string;
type Mutate = (t: string, f: number, s: number) => string;

/** Text i; a group's original is generated once for its relatives (generation is not what is measured). */
function textSource(randomText: Gen, mutate: Mutate): (i: number) => string {
  let group = -1;
  let base = '';
  return (i) => {
    const g = Math.floor(i / 10) * 10;
    if (i % 10 >= 4) return randomText(i, 340);
    if (g !== group) [group, base] = [g, randomText(g, 340)];
    return i % 10 === 2 ? mutate(base, 0.01, i) : i % 10 === 3 ? mutate(base, 0.05, i) : base;
  };
}

function seconds(t0: number): number {
  return (performance.now() - t0) / 1000;
}

export async function run(args: string[]): Promise<BenchResult> {
  const n = Number(args[0] ?? 100_000);
  const nd = await import('../lib/curation/near-dup');
  const { randomText, mutateText } = await import('../lib/curation/near-dup/test-helpers');
  const { signInWorkers } = await import('../lib/jobs/near-dup-signatures');
  const text = textSource(randomText, mutateText);

  const sample = Math.min(n, 20_000);
  let t0 = performance.now();
  const sampleTexts = Array.from({ length: sample }, (_, i) => text(i));
  const genS = seconds(t0);
  const bytes = sampleTexts.reduce((a, t) => a + t.length, 0) / sample;
  nd.signTexts(sampleTexts.slice(0, 1000)); // warm-up
  t0 = performance.now();
  nd.signTexts(sampleTexts);
  const oneThreadS = seconds(t0);

  // Up to 200k texts are generated before the clock starts; beyond, per chunk on the main thread
  // (2 GB of strings would not fit the default heap), which then competes with the workers.
  const pregenerated =
    n <= 200_000 ? Array.from({ length: n }, (_, i) => (i < sample ? sampleTexts[i] : text(i))) : null;
  const read = (s: number, e: number) =>
    pregenerated ? pregenerated.slice(s, e) : Array.from({ length: e - s }, (_, k) => text(s + k));
  t0 = performance.now();
  const c0 = process.cpuUsage();
  const sigs = await signInWorkers(n, read, { workers: 2 });
  const signS = seconds(t0);
  const cpu = process.cpuUsage(c0);
  const signCpuS = (cpu.user + cpu.system) / 1e6;

  t0 = performance.now();
  const pairs = nd.findCandidatePairs(sigs, { minThreshold: 0.5 });
  const pairsS = seconds(t0);
  t0 = performance.now();
  const at08 = nd.clusterAt(pairs, 0.8);
  const clusterS = seconds(t0);
  t0 = performance.now();
  const at09 = nd.clusterAt(pairs, 0.9);
  const reclusterS = seconds(t0);
  t0 = performance.now();
  const at06 = nd.clusterAt(pairs, 0.6);
  const recluster2S = seconds(t0);
  const ids = Array.from({ length: n }, (_, i) => `r${i}`);
  const reward = Float64Array.from({ length: n }, (_, i) => (i % 3) / 2);
  t0 = performance.now();
  const keep = nd.keepOnePerCluster(at08, reward, ids, 1);
  const keepS = seconds(t0);
  const kept = keep.reduce((a, b) => a + b, 0);

  const perMillion = 1_000_000 / n;
  return {
    name: `near-dup — ${n} synthetic texts of ~${Math.round(bytes)} chars`,
    figures: {
      texts: n,
      'baseline: generate 20k texts s (one thread)': genS,
      'baseline: signTexts 20k texts s (one thread)': oneThreadS,
      'one thread texts/s': sample / oneThreadS,
      [`signatures on 2 workers s (${pregenerated ? 'texts generated beforehand' : 'text generation on the main thread included'})`]:
        signS,
      'signatures CPU s (all threads; ÷2 = wall on 2 idle cores)': signCpuS,
      'signatures texts/s': n / signS,
      'projected 1M signatures s (2 workers, linear)': signS * perMillion,
      'projected 1M signatures s (CPU ÷ 2, idle machine)': (signCpuS / 2) * perMillion,
      'projected 1M signatures s (one thread, compute only)': oneThreadS * (1_000_000 / sample),
      'LSH params (bands×rows) for minThreshold 0.5': `${pairs.params.bands}×${pairs.params.rows}`,
      'candidate pairs s': pairsS,
      'candidate pairs': pairs.a.length,
      'exact duplicates': pairs.exactDuplicates,
      'capped buckets': pairs.cappedBuckets,
      'cluster at 0.8 s': clusterS,
      'clusters at 0.8 (n/10 expected)': at08.clusters,
      'rows in clusters at 0.8 (≈ 3n/10: original, copy, 1% edit)': at08.rowsInClusters,
      're-cluster at 0.9 s': reclusterS,
      'clusters at 0.9': at09.clusters,
      're-cluster at 0.6 s': recluster2S,
      'rows in clusters at 0.6 (≤ 4n/10: the 5% edits sit near 0.6)': at06.rowsInClusters,
      'keep one per cluster s': keepS,
      'rows kept at 0.8': kept,
      'projected 1M re-cluster s (linear)': reclusterS * perMillion,
      'projected 1M candidate pairs s (n log n ≈ linear)': pairsS * perMillion,
    },
    notes:
      'Wall seconds on a shared 2-core machine. Targets at 1M on 2 cores: signatures ≤ 60 s, re-cluster ≤ 5 s. ' +
      'Re-clustering reads only the candidate pairs (sorted by match count), never the signatures.',
  };
}
