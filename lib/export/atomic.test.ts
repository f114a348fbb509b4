import { describe, expect, it } from 'vitest';
import { toolRollout } from '../../test/fixtures/export/rollouts';
import { listDir, tmpDir } from '../../test/fixtures/export/tmp';
import type { ItemSource } from './types';
import { labelledWriters, pairWriters, rolloutWriters } from './writers';

/** Yields `n` items (enough to pass a flush threshold if large), then throws like a broken DB cursor. */
async function* failingAfter<T>(make: (i: number) => T, n: number): AsyncGenerator<T> {
  for (let i = 0; i < n; i++) yield make(i);
  throw new Error('source broke');
}

const rolloutItem = (i: number) => ({
  rollout: toolRollout({ promptKey: `p${i}`, externalId: `r${i}` }, 'x'.repeat(5000)),
  split: i % 2 ? 'train' : 'test',
});
const pairItem = (i: number) => ({
  chosen: toolRollout({}, `good ${i}`),
  rejected: toolRollout({}, `bad ${i}`),
  gap: 1,
  split: 'train',
});
const labelledItem = (i: number) => ({ rollout: toolRollout(), label: i % 2 === 0, split: 'train' });

type AnyWriter = (args: { items: ItemSource<never>; dir: string; options?: object }) => Promise<unknown>;
const cases: [string, AnyWriter, (i: number) => unknown][] = [
  ...Object.entries(rolloutWriters).map(
    ([id, w]) => [id, w as unknown as AnyWriter, rolloutItem] as [string, AnyWriter, (i: number) => unknown],
  ),
  ...Object.entries(pairWriters).map(
    ([id, w]) => [id, w as unknown as AnyWriter, pairItem] as [string, AnyWriter, (i: number) => unknown],
  ),
  ...Object.entries(labelledWriters).map(
    ([id, w]) => [id, w as unknown as AnyWriter, labelledItem] as [string, AnyWriter, (i: number) => unknown],
  ),
];

describe('atomic output', () => {
  it.each(cases)('%s leaves no file when the source fails midway', async (_id, write, make) => {
    const dir = await tmpDir();
    await expect(write({ items: failingAfter(make, 400) as ItemSource<never>, dir })).rejects.toThrow('source broke');
    expect(await listDir(dir)).toEqual([]);
  });

  it.each(cases)('%s leaves no file when aborted', async (_id, write, make) => {
    const dir = await tmpDir();
    const ctl = new AbortController();
    async function* items() {
      for (let i = 0; i < 10; i++) {
        if (i === 5) ctl.abort(new Error('user canceled'));
        yield make(i);
      }
    }
    await expect(write({ items: items() as ItemSource<never>, dir, options: { signal: ctl.signal } })).rejects.toThrow(
      'user canceled',
    );
    expect(await listDir(dir)).toEqual([]);
  });

  it('reports progress and fails cleanly on a missing directory', async () => {
    const seen: number[] = [];
    const dir = await tmpDir();
    await rolloutWriters['openai-chat']({
      items: Array.from({ length: 5 }, (_, i) => rolloutItem(i)),
      dir,
      options: { onProgress: (n) => seen.push(n), progressEvery: 2 },
    });
    expect(seen).toEqual([2, 4, 5]);
    await expect(rolloutWriters['openai-chat']({ items: [rolloutItem(0)], dir: `${dir}/missing` })).rejects.toThrow();
  });
});
