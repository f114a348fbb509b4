import { describe, expect, it } from 'vitest';
import { evaluateRecipe } from './evaluate';
import { buildModel, type CurationModel } from './model';
import { row } from './test-helpers';

function synthetic(n: number, reward: (i: number) => number | null): CurationModel {
  return buildModel(
    Array.from({ length: n }, (_, i) =>
      row({ id: `r${i}`, reward: reward(i), promptKey: `p${i >> 3}`, taskId: `t${i >> 3}` }),
    ),
  );
}

const ids = (e: ReturnType<typeof evaluateRecipe>) => e.summary.redFlags.map((f) => f.id);

describe('evaluateRecipe', () => {
  it('previews exactly what it selects (preview == export)', () => {
    const m = synthetic(400, (i) => ((i * 37) % 101) / 100);
    const e = evaluateRecipe(m, { dpo: { strategy: 'stratified', maxPairs: 50 }, split: { by: 'task' } });
    let kept = 0;
    for (const k of e.selection.sftMask) kept += k;
    expect(e.summary.sft.kept).toBe(kept);
    expect(e.summary.dpo.pairs).toBe(e.selection.pairs.chosen.length);
    const h = e.summary.sft.histogram;
    expect(h.kept.reduce((a, b) => a + b) + h.nullKept).toBe(kept);
    expect(e.summary.split?.counts.reduce((a, b) => a + b)).toBe(400);
    // The summary is plain JSON for `sift curate --json`.
    expect(JSON.parse(JSON.stringify(e.summary))).toEqual(e.summary);
  });

  it.each<[string, CurationModel, string[], string[]]>([
    [
      'binary rewards',
      synthetic(1000, (i) => (i % 3 === 0 ? 1 : 0)),
      ['dpo-binary-gaps', 'ppo-clustered-extremes'],
      ['sft-too-few', 'ppo-low-std'],
    ],
    [
      'few and identical rewards',
      synthetic(40, () => 1),
      ['sft-too-few', 'sft-identical-rewards', 'dpo-no-pairs', 'ppo-low-std', 'ppo-zero-variance-groups'],
      [],
    ],
    [
      'a peak at 0.5',
      synthetic(800, (i) => (i % 5 === 0 ? 0.9 : 0.5)),
      ['ppo-peak-at-half'],
      ['ppo-clustered-extremes', 'ppo-low-std'],
    ],
    [
      'sokoban range',
      synthetic(800, (i) => (i % 4 === 0 ? 10 : -2)),
      ['rewards-out-of-range', 'ppo-clustered-extremes'],
      ['ppo-low-std', 'dpo-binary-gaps'],
    ],
    ['missing rewards', synthetic(300, (i) => (i % 2 ? null : (i % 10) / 10)), ['rewards-missing'], []],
  ])('flags %s', (_name, m, present, absent) => {
    const got = ids(evaluateRecipe(m, {}));
    for (const id of present) expect(got).toContain(id);
    for (const id of absent) expect(got).not.toContain(id);
  });

  it('flags small gaps and a low SFT mean', () => {
    // Per prompt: 0.5..0.53 (small positive gaps) and 0.45 / 0.75.
    const m = synthetic(800, (i) => (i % 8 < 4 ? 0.5 + (i % 4) / 100 : 0.45 + (i % 2) * 0.3));
    const got = ids(evaluateRecipe(m, { sft: { minReward: 0.5 }, dpo: { minGap: 0 } }));
    expect(got).toEqual(expect.arrayContaining(['sft-low-mean', 'dpo-low-mean-gap', 'dpo-many-small-gaps']));
  });

  it('reuses the caller-provided mask buffer', () => {
    const m = synthetic(64, (i) => i / 64);
    const buf = new Uint8Array(64);
    expect(evaluateRecipe(m, {}, { sftMask: buf }).selection.sftMask).toBe(buf);
  });
});
