import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterAt } from './cluster';
import { findCrossSplitPairs, moveClustersToOneSide } from './contamination';
import { keepOnePerCluster } from './keep';
import { chooseLshParams, collisionProbability, findCandidatePairs } from './lsh';
import { createSignatures, estimateJaccard, signTexts, writeSignature } from './minhash';
import { findReferenceOverlap } from './reference';
import { hashShingles } from './shingle';
import { mutateText, randomText, trueJaccard } from './test-helpers';
import { promptText, rolloutText } from './text';

describe('shingles', () => {
  it('ignore case and punctuation, keep order', () => {
    expect(hashShingles('The cat, sat on the MAT!', 2)).toEqual(hashShingles('the cat sat on the mat', 2));
    expect(hashShingles('a b c', 2)).not.toEqual(hashShingles('b a c', 2));
  });
  it('a text shorter than k is one shingle; no words, none', () => {
    expect(hashShingles('one two', 5)).toHaveLength(1);
    expect(hashShingles('a b c d e f', 5)).toHaveLength(2);
    expect(hashShingles(' ,.; ', 5)).toHaveLength(0);
  });
});

describe('MinHash', () => {
  it('estimates Jaccard within tolerance of the true value on random sets (property)', () => {
    const errors: number[] = [];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer(),
        (common, onlyA, onlyB, seed) => {
          const base = (i: number) => Math.imul(i + seed, 2654435761) >>> 0;
          const a = Uint32Array.from({ length: common + onlyA }, (_, i) => base(i));
          const b = Uint32Array.from({ length: common + onlyB }, (_, i) =>
            i < common ? base(i) : base(1_000_000 + i),
          );
          const sigs = createSignatures(2, 128);
          writeSignature(sigs, 0, a, 7);
          writeSignature(sigs, 1, b, 7);
          const err = Math.abs(estimateJaccard(sigs, 0, 1) - trueJaccard(a, b));
          errors.push(err);
          // 5 standard deviations of a 128-bin estimate at J = 0.5
          expect(err).toBeLessThanOrEqual(0.22);
        },
      ),
      { seed: 18, numRuns: 300 },
    );
    expect(errors.reduce((s, e) => s + e, 0) / errors.length).toBeLessThan(0.05);
  });

  it('is deterministic by seed', () => {
    const texts = [randomText(1, 300), randomText(2, 300)];
    expect(signTexts(texts, { seed: 3 }).values).toEqual(signTexts(texts, { seed: 3 }).values);
    expect(signTexts(texts, { seed: 3 }).values).not.toEqual(signTexts(texts, { seed: 4 }).values);
  });

  it('marks texts without words as empty, similar to nothing', () => {
    const sigs = signTexts(['', '...', randomText(1, 50)]);
    expect([...sigs.empty]).toEqual([1, 1, 0]);
    expect(estimateJaccard(sigs, 0, 1)).toBe(0);
  });
});

describe('LSH and clusters', () => {
  // 0,1,2: one text and two exact copies; 3,4: a text and a 2% word edit (Jaccard ≈ 0.8); 5..9: unrelated
  const a = randomText(100, 400);
  const b = randomText(200, 400);
  const texts = [a, a, a, b, mutateText(b, 0.02, 1), ...[300, 400, 500, 600, 700].map((s) => randomText(s, 400))];
  const sigs = signTexts(texts);
  const pairs = findCandidatePairs(sigs, { minThreshold: 0.5 });

  it('tunes bands for the threshold', () => {
    const p = chooseLshParams(0.8, 128);
    expect(p.bands * p.rows).toBeLessThanOrEqual(128);
    expect(collisionProbability(0.9, p)).toBeGreaterThan(0.9);
    expect(collisionProbability(0.5, p)).toBeLessThan(0.1);
  });

  it('clusters exact copies and near copies; disjoint texts stay alone', () => {
    const c = clusterAt(pairs, 0.7);
    expect([...c.label]).toEqual([0, 0, 0, 3, 3, 5, 6, 7, 8, 9]);
    expect(c.clusters).toBe(2);
    expect(c.rowsInClusters).toBe(5);
    expect(pairs.exactDuplicates).toBe(2);
  });

  it('re-clusters at a new threshold from the pairs alone', () => {
    const sim = estimateJaccard(sigs, 3, 4);
    expect(sim).toBeGreaterThan(0.6);
    expect(sim).toBeLessThan(0.95);
    const strict = clusterAt(pairs, Math.min(1, sim + 0.05));
    expect([...strict.label.slice(0, 5)]).toEqual([0, 0, 0, 3, 4]);
    expect(() => clusterAt(pairs, 0.3)).toThrow(/minThreshold/);
  });

  it('keeps one per cluster: best reward, null rewards last, ties by seed', () => {
    const c = clusterAt(pairs, 0.7);
    const ids = texts.map((_, i) => `r${i}`);
    const reward = Float64Array.from([0.5, 0.9, 0.9, NaN, 0.1, 1, 1, 1, 1, 1]);
    const keep = keepOnePerCluster(c, reward, ids, 1);
    expect(keep[0]).toBe(0);
    expect(keep[1] + keep[2]).toBe(1);
    expect([...keep.slice(3)]).toEqual([0, 1, 1, 1, 1, 1, 1]);
    expect(keepOnePerCluster(c, reward, ids, 1)).toEqual(keep);
    const picks = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => keepOnePerCluster(c, reward, ids, seed)[1]));
    expect(picks).toEqual(new Set([0, 1]));
  });
});

describe('contamination', () => {
  const a = randomText(1, 300);
  const texts = [a, mutateText(a, 0.01, 1), a, randomText(2, 300), randomText(3, 300)];
  const pairs = findCandidatePairs(signTexts(texts));
  const clusters = clusterAt(pairs, 0.8);
  // splits: 0 train, 1 test, 2 validation
  const sides = { index: Int8Array.from([0, 1, 1, 0, 1]), train: [0], test: [1, 2] };

  it('lists near-duplicate pairs across train and test', () => {
    const cross = findCrossSplitPairs(pairs, 0.8, sides);
    expect(cross.map((p) => [p.train, p.test]).sort()).toEqual([
      [0, 1],
      [0, 2],
    ]);
  });

  it('moves each straddling cluster to one side', () => {
    const majority = moveClustersToOneSide(clusters, sides);
    expect([...majority.index]).toEqual([1, 1, 1, 0, 1]);
    expect(majority).toMatchObject({ clustersMoved: 1, rowsMoved: 1 });
    const train = moveClustersToOneSide(clusters, sides, 'train');
    expect([...train.index]).toEqual([0, 0, 0, 0, 1]);
    expect(train.rowsMoved).toBe(2);
    expect(findCrossSplitPairs(pairs, 0.8, { ...sides, index: train.index })).toEqual([]);
  });
});

describe('reference overlap and text', () => {
  it('finds shared task ids, identical prompts and near-duplicate prompts', () => {
    const p = [randomText(1, 200), randomText(2, 200), randomText(3, 200)];
    const rows = {
      taskIds: ['t1', 't2', null],
      promptKeys: ['k1', 'k2', 'k3'],
      prompts: signTexts([p[0], mutateText(p[1], 0.01, 9), p[2]]),
    };
    const ref = { taskIds: ['t1'], promptKeys: ['k9', 'k1'], prompts: signTexts([p[1], p[0]]) };
    const o = findReferenceOverlap(rows, ref, 0.8);
    expect(o.sameTask).toEqual([0]);
    expect(o.samePrompt).toEqual([0]);
    expect(o.nearPrompt.map((x) => [x.row, x.ref])).toEqual([[1, 0]]);
  });

  it('assistant text or the whole conversation, never the system prompt', () => {
    const r = {
      promptLength: 2,
      messages: [
        { role: 'system' as const, content: 'policy' },
        { role: 'user' as const, content: 'hi' },
        { role: 'assistant' as const, content: 'hello', tool_calls: [{ id: 'c', name: 'f', arguments: '{"x":1}' }] },
        { role: 'tool' as const, content: 'result', tool_call_id: 'c' },
      ],
    };
    expect(rolloutText(r, 'assistant')).toBe('hello\nf\n{"x":1}');
    expect(rolloutText(r, 'conversation')).toBe('hi\nhello\nf\n{"x":1}\nresult');
    expect(promptText(r)).toBe('policy\nhi');
  });
});
