/**
 * Scan benchmark: `npm run bench -- scan [100000]`.
 *
 * Input: N synthetic NeMo-Gym rollouts from ../shared/tools/gen-rollouts.py (bench/browse-data.ts
 * generates and caches the JSONL). Everything runs in this process, one core, after one warm-up pass
 * over the first 2,000 rollouts:
 * - baseline 1: JSON.parse of every line;
 * - baseline 2: the import's parse stage on the parsed values (nemo-gym mapRecord + finalizeRollout,
 *   the hashes included): what `lib/formats` parseFile does per record;
 * - scanRollout (secrets + personal data) over the finalized rollouts;
 * - the same scan over a copy where 1 in 100 rollouts carries planted secrets and personal data in a
 *   tool result, so the hit path (validation, overlap resolution, summary) is measured too.
 * The target: the scan adds ≤ 15% to import time. The import runs ~18k rollouts/s per core
 * end to end, so the figure `scan time as % of import time` = scan µs/rollout × 18,000 / 10^6.
 */
import fs from 'node:fs';
import { ensureJsonl } from './browse-data';
import type { BenchResult } from './run';

const IMPORT_ROLLOUTS_PER_S = 18_000;

function cpuSeconds(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

export async function run(args: string[]): Promise<BenchResult> {
  const n = Number(args[0] ?? 100_000);
  const { findFormat } = await import('../lib/formats/detect');
  const { finalizeRollout } = await import('../lib/formats/finalize');
  const { scanRollout, addRolloutFindings, emptySummary } = await import('../lib/scan');
  const { randomToken } = await import('../lib/scan/test-helpers');
  type Rollout = import('../lib/formats/types').Rollout;

  const file = ensureJsonl(n);
  const lines = fs.readFileSync(file, 'utf8').split('\n', n).filter(Boolean);
  const bytes = lines.reduce((a, l) => a + l.length, 0);
  const nemo = findFormat('nemo-gym')!;

  let values: unknown[] = [];
  const parseS = cpuSeconds(() => {
    values = lines.map((l) => JSON.parse(l));
  });
  const rollouts: Rollout[] = [];
  const mapRecord = (v: unknown, i: number) =>
    nemo.mapRecord(v, { file: 'bench.jsonl', record: i, line: i + 1 }).rollouts.map(finalizeRollout);
  values.slice(0, 2000).forEach(mapRecord); // warm-up
  const stageS = cpuSeconds(() => values.forEach((v, i) => rollouts.push(...mapRecord(v, i))));
  values = [];

  const scanAll = (rs: Rollout[]) => {
    const summary = emptySummary();
    for (const r of rs) addRolloutFindings(summary, scanRollout(r));
    return summary;
  };
  scanAll(rollouts.slice(0, 2000)); // warm-up
  let clean = emptySummary();
  const scanS = cpuSeconds(() => (clean = scanAll(rollouts)));

  const planted = rollouts.map((r, i) => {
    if (i % 100 !== 0) return r;
    const leak = `{"email": "jane.doe${i}@example.com", "phone": "+1 (415) 555-0132", "api_key": "${randomToken(i, 32)}", "auth": "Bearer ${randomToken(i + 1, 40)}", "gh": "ghp_${randomToken(i + 2, 36)}"}`;
    return { ...r, messages: [...r.messages, { role: 'tool' as const, content: leak, tool_call_id: 'x' }] };
  });
  let hits = emptySummary();
  const scanPlantedS = cpuSeconds(() => (hits = scanAll(planted)));

  const chars = rollouts.reduce(
    (a, r) =>
      a +
      r.messages.reduce(
        (b, m) =>
          b +
          (typeof m.content === 'string' ? m.content.length : 0) +
          (m.tool_calls?.reduce((c, t) => c + t.arguments.length, 0) ?? 0),
        0,
      ),
    0,
  );
  const usPerRollout = (scanS / rollouts.length) * 1e6;
  return {
    name: `scan — ${rollouts.length} synthetic rollouts (one core)`,
    figures: {
      rollouts: rollouts.length,
      'input MB (JSONL)': bytes / 1e6,
      'text scanned MB (content + arguments)': chars / 1e6,
      'baseline JSON.parse s': parseS,
      'baseline parse stage s (mapRecord + finalizeRollout)': stageS,
      'scan s': scanS,
      'scan rollouts/s': rollouts.length / scanS,
      'scan MB/s of text': chars / 1e6 / scanS,
      'scan µs/rollout': usPerRollout,
      'scan / JSON.parse': scanS / parseS,
      'scan / parse stage': scanS / stageS,
      [`scan time as % of import time (at ${IMPORT_ROLLOUTS_PER_S} rollouts/s)`]:
        (usPerRollout * IMPORT_ROLLOUTS_PER_S) / 1e4,
      'findings on clean data (false positives)': clean.secrets.total + clean.personal.total,
      'scan with 1% planted s': scanPlantedS,
      'planted rollouts found with secrets': hits.rollouts.withSecrets,
      'planted rollouts found with personal data': hits.rollouts.withPersonal,
    },
    notes:
      'CPU seconds of this process (comparable on a shared machine). Target: scan ≤ 15% of import time. ' +
      `Planted: every 100th rollout gets a tool result with an email, a phone, an api_key, a bearer token and a GitHub token (${Math.ceil(rollouts.length / 100)} rollouts).`,
  };
}
