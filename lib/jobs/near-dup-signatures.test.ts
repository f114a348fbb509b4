import { describe, expect, it } from 'vitest';
import { signTexts } from '../curation/near-dup';
import { mutateText, randomText } from '../curation/near-dup/test-helpers';
import { signInWorkers } from './near-dup-signatures';

describe('signInWorkers', () => {
  it('equals signTexts on one thread, in row order, across chunks and workers', async () => {
    const texts = Array.from({ length: 230 }, (_, i) =>
      i % 7 === 0 ? '' : mutateText(randomText(i % 40, 120), 0.02, i),
    );
    const progress: number[] = [];
    const sigs = await signInWorkers(texts.length, (s, e) => texts.slice(s, e), {
      workers: 2,
      chunk: 50,
      seed: 5,
      onProgress: (done) => progress.push(done),
    });
    const one = signTexts(texts, { seed: 5 });
    expect(sigs.values).toEqual(one.values);
    expect(sigs.empty).toEqual(one.empty);
    expect(progress.at(-1)).toBe(230);
  }, 30_000);
});
