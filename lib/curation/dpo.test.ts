import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairDpo } from './dpo';
import { buildModel, type CurationModel } from './model';
import { DEFAULT_DPO, type DpoOptions } from './recipe';
import { capArb, modelArb, row } from './test-helpers';

/** seed_pipeline's same-prompt loop, literally: stable sort desc, inward pairs while i < len // 2. */
function referenceInward(m: CurationModel, groupOf: Int32Array, minGap: number): [number, number, number][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < m.n; i++) {
    if (Number.isNaN(m.reward[i]) || groupOf[i] < 0) continue;
    if (!groups.has(groupOf[i])) groups.set(groupOf[i], []);
    groups.get(groupOf[i])!.push(i);
  }
  const out: [number, number, number][] = [];
  // Groups in dictionary order (first appearance of the key, as Python's dict on complete data).
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rs = groups.get(key)!;
    rs.sort((a, b) => m.reward[b] - m.reward[a] || a - b);
    for (let i = 0; i < Math.floor(rs.length / 2); i++) {
      const c = rs[i];
      const r = rs[rs.length - 1 - i];
      const g = m.reward[c] - m.reward[r];
      // seed_pipeline keeps g >= minGap; Sift also drops ties (g = 0), which only matters at minGap 0.
      if (g >= minGap && g > 0) out.push([c, r, g]);
    }
  }
  return out;
}

function referenceStratifiedCount(m: CurationModel, o: DpoOptions): number {
  let count = 0;
  for (let c = 0; c < m.n; c++) {
    if (!(m.reward[c] >= o.high)) continue;
    for (let r = 0; r < m.n; r++)
      if (r !== c && m.reward[r] <= o.low && m.reward[c] - m.reward[r] >= o.minGap && m.reward[c] > m.reward[r])
        count++;
  }
  return count;
}

const triples = (p: ReturnType<typeof pairDpo>['pairs']) =>
  Array.from(p.chosen, (c, i) => [c, p.rejected[i], p.gaps[i]]);

const optionsArb: fc.Arbitrary<DpoOptions> = fc.record({
  strategy: fc.constantFrom('stratified', 'same-prompt', 'same-task'),
  high: fc.constantFrom(0.7, 0.5, 1, 5),
  low: fc.constantFrom(0.4, 0.5, 0, -1),
  minGap: fc.constantFrom(0, 0.1, 0.2, 0.5, 1),
  allPairs: fc.boolean(),
  maxPairsPerChosen: capArb,
  maxPairsPerPrompt: capArb,
  maxPairs: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
  seed: fc.integer({ min: 0, max: 5 }),
}) as fc.Arbitrary<DpoOptions>;

describe('pairDpo properties', () => {
  it('meets the gap, never pairs a row with itself, respects every cap, counts within candidates', () => {
    fc.assert(
      fc.property(modelArb, optionsArb, (m, o) => {
        const { pairs, stats } = pairDpo(m, o);
        const perChosen = new Map<number, number>();
        const perPrompt = new Map<number, number>();
        const seen = new Set<string>();
        for (let i = 0; i < pairs.chosen.length; i++) {
          const c = pairs.chosen[i];
          const r = pairs.rejected[i];
          expect(c).not.toBe(r);
          // == rather than Object.is: stratified gaps come from the sorted copy, where -0 became 0.
          expect(pairs.gaps[i] === m.reward[c] - m.reward[r]).toBe(true);
          expect(pairs.gaps[i] >= o.minGap).toBe(true);
          expect(pairs.gaps[i] > 0).toBe(true);
          const key = `${c}:${r}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
          perChosen.set(c, (perChosen.get(c) ?? 0) + 1);
          perPrompt.set(m.promptIdx[c], (perPrompt.get(m.promptIdx[c]) ?? 0) + 1);
          if (o.strategy === 'stratified') {
            expect(m.reward[c] >= o.high && m.reward[r] <= o.low).toBe(true);
          } else {
            const g = o.strategy === 'same-prompt' ? m.promptIdx : m.taskIdx;
            expect(g[c]).toBe(g[r]);
          }
        }
        if (o.maxPairsPerChosen !== null)
          for (const v of perChosen.values()) expect(v).toBeLessThanOrEqual(o.maxPairsPerChosen);
        if (o.maxPairsPerPrompt !== null)
          for (const v of perPrompt.values()) expect(v).toBeLessThanOrEqual(o.maxPairsPerPrompt);
        if (o.maxPairs !== null) expect(stats.pairs).toBeLessThanOrEqual(o.maxPairs);
        expect(stats.pairs).toBe(pairs.chosen.length);
        expect(stats.pairs).toBeLessThanOrEqual(stats.candidatePairs);
        expect(stats.promptsCovered).toBeLessThanOrEqual(m.prompts.length);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same pairs for the same seed', () => {
    fc.assert(
      fc.property(modelArb, optionsArb, (m, o) => {
        // A model rebuilt from the same rows must not depend on cached state either.
        const again = buildModel(
          Array.from({ length: m.n }, (_, i) =>
            row({
              id: m.ids[i],
              reward: Number.isNaN(m.reward[i]) ? null : m.reward[i],
              promptKey: m.prompts[m.promptIdx[i]],
              taskId: m.tasks[m.taskIdx[i]],
            }),
          ),
        );
        expect(triples(pairDpo(again, o).pairs)).toEqual(triples(pairDpo(m, o).pairs));
      }),
      { numRuns: 150 },
    );
  });

  it('same-prompt / same-task reproduce the seed_pipeline inward rule pair for pair (ties stable)', () => {
    fc.assert(
      fc.property(modelArb, fc.constantFrom(0, 0.1, 0.2, 0.5), (m, minGap) => {
        const o = { ...DEFAULT_DPO, minGap, maxPairsPerPrompt: null };
        expect(triples(pairDpo(m, { ...o, strategy: 'same-prompt' }).pairs)).toEqual(
          referenceInward(m, m.promptIdx, minGap),
        );
        expect(triples(pairDpo(m, { ...o, strategy: 'same-task' }).pairs)).toEqual(
          referenceInward(m, m.taskIdx, minGap),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('stratified without caps emits exactly the full loop count', () => {
    fc.assert(
      fc.property(modelArb, optionsArb, (m, o) => {
        const open = {
          ...o,
          strategy: 'stratified' as const,
          maxPairsPerChosen: null,
          maxPairsPerPrompt: null,
          maxPairs: null,
        };
        const { stats } = pairDpo(m, open);
        const expected = referenceStratifiedCount(m, open);
        expect(stats.candidatePairs).toBe(expected);
        expect(stats.pairs).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('allPairs emits every above-gap pair in a group when uncapped', () => {
    const m = buildModel([1, 0.9, 0.5, 0.5, 0].map((r, i) => row({ id: `r${i}`, reward: r, promptKey: 'p' })));
    const o = { ...DEFAULT_DPO, allPairs: true, maxPairsPerChosen: null, maxPairsPerPrompt: null, minGap: 0.3 };
    const got = triples(pairDpo(m, o).pairs).map(([c, r]) => `${c}>${r}`);
    expect(got).toEqual(['0>4', '0>3', '0>2', '1>4', '1>3', '1>2', '2>4', '3>4']);
  });

  it('reports gap statistics', () => {
    const m = buildModel(
      [1, 0, 0.9, 0.5, 0.7, 0.6].map((r, i) => row({ id: `r${i}`, reward: r, promptKey: `p${i >> 1}` })),
    );
    const { stats } = pairDpo(m, DEFAULT_DPO);
    expect(stats.pairs).toBe(2);
    expect(stats.minGap).toBeCloseTo(0.4, 12);
    expect(stats.maxGap).toBe(1);
    expect(stats.gapsAtLeast03).toBe(2);
    expect(stats.promptsCovered).toBe(2);
  });
});
